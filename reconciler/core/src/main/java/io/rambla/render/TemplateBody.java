package io.rambla.render;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One written template body, with what a sync learns of it that depends only on it: whether it
 * keeps to {@link RenderLimits}, and the last digest asked of it. A {@link StackSpec} hands out the
 * same instance for as long as it lives, so a rendering the next sync reuses ({@code RenderCache})
 * is neither re-checked nor re-hashed; a changed body is a new rendering, hence a new instance,
 * checked and hashed afresh. It lives exactly as long as the specs sharing it, so it is bounded by
 * what holds them: one repository's renderings.
 *
 * <p>Thread-safe: each memo is one volatile slot, and computing it twice is harmless.
 */
public final class TemplateBody {

    private final String json;
    /** Whether {@link RenderLimits#problems} found nothing; null until asked. */
    private volatile Boolean fits;
    private volatile Digest last;
    /** How many times a verdict or a digest was computed rather than remembered; for tests and profiles. */
    private volatile int computed;

    private record Digest(Object key, String value) {}

    public TemplateBody(String json) {
        this.json = Objects.requireNonNull(json);
    }

    public String json() {
        return json;
    }

    /**
     * {@link RenderLimits#problems} of this body for unit {@code unitId}. The verdict depends on
     * the body alone (the unit only names itself in the words), so a body found to fit is not
     * parsed again; one that does not is checked each time, to word the problems for its unit.
     */
    public List<String> problems(String unitId) {
        if (Boolean.TRUE.equals(fits)) {
            return List.of();
        }
        computed++;
        List<String> problems = RenderLimits.problems(unitId, json);
        fits = problems.isEmpty();
        return problems;
    }

    /**
     * {@code digest.apply(key)}, remembered for the last key asked: the same key (by value) gets
     * the same answer without computing it again. The caller's digest must be a pure function of
     * this body and the key.
     */
    public <K> String digest(K key, Function<K, String> digest) {
        Digest known = last;
        if (known != null && known.key().equals(key)) {
            return known.value();
        }
        computed++;
        String value = digest.apply(key);
        last = new Digest(key, value);
        return value;
    }

    /** Verdicts and digests computed so far (not answered from memory). */
    public int computed() {
        return computed;
    }
}
