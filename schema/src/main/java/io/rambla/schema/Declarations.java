package io.rambla.schema;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Where each value of the model was written, kept beside the model rather than in it, for the
 * checks that need the whole repository first ({@link Uniqueness}, {@link SecretGrants}) and
 * must still point at a file and line. Values are looked up by identity: each record the readers
 * build is noted once, where it is built.
 */
public final class Declarations {

    /** A place in the repository. */
    public record Place(String file, int line, int column, String path) {

        /** {@code file:line}, for naming the other place in a message. */
        public String where() {
            return file + ":" + line;
        }

        public Diagnostic error(String message) {
            return Diagnostic.error(file, line, column, path, message);
        }
    }

    /** Which secrets a district lets its apps read. */
    enum SecretScope {
        /** Barcelona's layout: SSM parameters under {@code /barcelona/<district>/}, secrets under {@code barcelona/<district>/}. */
        DISTRICT,
        /** Each app only its own: {@code /barcelona/<district>/<app>/} and {@code barcelona/<district>/<app>/}. */
        APP
    }

    private final Map<Object, Place> places = new IdentityHashMap<>();
    private final Map<String, SecretScope> secretScopes = new HashMap<>();

    /** Records where {@code value} was written and gives it back, so a reader can note what it builds in passing. */
    <T> T note(T value, Problems problems, Node at, String path) {
        int line = at == null || at.getStartMark() == null ? 0 : at.getStartMark().getLine() + 1;
        int column = at == null || at.getStartMark() == null ? 0 : at.getStartMark().getColumn() + 1;
        places.put(value, new Place(problems.file(), line, column, path));
        return value;
    }

    /** Where {@code value} was written; the file alone when it was not noted. */
    public Place placeOf(Object value, String file) {
        Place place = places.get(value);
        return place != null ? place : new Place(file, 0, 0, "");
    }

    void secretScope(String district, SecretScope scope) {
        secretScopes.put(district, scope);
    }

    SecretScope secretScope(String district) {
        return secretScopes.getOrDefault(district, SecretScope.DISTRICT);
    }
}
