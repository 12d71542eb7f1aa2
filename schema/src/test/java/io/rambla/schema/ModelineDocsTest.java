package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The documented modelines resolve in a user's own repository: after {@code rambla schema --out
 * schemas}, each modeline, read relative to the file it is documented for, names a schema that is
 * there, and a file starting with it still loads.
 */
class ModelineDocsTest {

    private static final Pattern MODELINE = Pattern.compile("# yaml-language-server: \\$schema=(\\S+)");

    @ParameterizedTest
    @CsvSource({"district-file.md, districts/main.yml, district", "barcelona-yml.md, apps/shop/barcelona.yml, barcelona"})
    void the_documented_modeline_points_at_the_exported_schema(String doc, String file, String schema, @TempDir Path repo)
            throws Exception {
        String text = Files.readString(Path.of("..", "docs", "reference", doc), StandardCharsets.UTF_8);
        Matcher modeline = MODELINE.matcher(text);
        assertThat(modeline.find()).as("a modeline in " + doc).isTrue();
        assertThat(text).contains("rambla schema --out schemas");

        // What `rambla schema --out schemas` writes at the repository's root.
        Path schemas = Files.createDirectories(repo.resolve("schemas"));
        for (String name : JsonSchemas.NAMES) {
            Files.writeString(schemas.resolve(JsonSchemas.fileName(name)), JsonSchemas.text(name));
        }
        Path documented = repo.resolve(file);
        Path target = documented.getParent().resolve(modeline.group(1)).normalize();
        assertThat(target).isEqualTo(schemas.resolve(JsonSchemas.fileName(schema))).exists();

        new TestRepo(repo).district("main", modeline.group(0) + "\nregion: ap-northeast-1\n");
        if (schema.equals("barcelona")) {
            new TestRepo(repo).app("shop", modeline.group(0) + "\nenvironments:\n  production:\n    image_name: shop\n");
        }
        assertThat(RepositoryLoader.load(repo).diagnostics()).isEmpty();
    }
}
