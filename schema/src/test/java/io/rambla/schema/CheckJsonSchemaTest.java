package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published schemas in a validator outside Java: check-jsonschema (PyPI), which uses Python's
 * regular expressions, as editors' JavaScript validators use theirs. It must accept the schemas, the
 * example repository, and refuse a file with a typo, next to the Java loader saying the same.
 * check-jsonschema is a prerequisite: without it this test fails and says how to install it.
 */
class CheckJsonSchemaTest {

    private static final Path SCHEMAS = Path.of("src", "main", "resources", "schemas");
    private static final Path EXAMPLE = Path.of("..", "example-infra-repo");

    @Test
    void every_schema_is_valid_against_its_metaschema() throws Exception {
        for (String name : JsonSchemas.NAMES) {
            Result result = run(List.of("--check-metaschema", SCHEMAS.resolve(JsonSchemas.fileName(name)).toString()));
            assertThat(result.exitCode()).as("%s: %s", name, result.output()).isZero();
        }
    }

    @Test
    void the_example_repository_validates_in_check_jsonschema_and_in_the_loader() throws Exception {
        List<String> apps;
        try (Stream<Path> files = Files.walk(EXAMPLE.resolve("apps"))) {
            apps = files.filter(f -> f.getFileName().toString().equals("barcelona.yml")).map(Path::toString).sorted().toList();
        }
        List<String> districts;
        try (Stream<Path> files = Files.list(EXAMPLE.resolve("districts"))) {
            districts = files.map(Path::toString).sorted().toList();
        }
        assertThat(apps).isNotEmpty();
        assertClean("barcelona", apps);
        assertClean("district", districts);
        assertClean("rambla", List.of(EXAMPLE.resolve("rambla.yml").toString()));
        assertThat(RepositoryLoader.load(EXAMPLE).diagnostics()).isEmpty();
    }

    @Test
    void a_typo_is_reported_by_check_jsonschema_and_by_the_loader(@TempDir Path root) throws Exception {
        new TestRepo(root).district("main", "region: ap-northeast-1\ntags:\n  AWS:owner: me\n").app("shop", """
                environments:
                  production:
                    image_name: shop
                    services:
                      - name: web
                        memroy: 1024
                """);

        Result app = run(List.of("--schemafile", SCHEMAS.resolve("barcelona.schema.json").toString(),
                root.resolve("apps/shop/barcelona.yml").toString()));
        assertThat(app.exitCode()).isEqualTo(1);
        assertThat(app.output()).contains("memroy");
        Result district = run(List.of("--schemafile", SCHEMAS.resolve("district.schema.json").toString(),
                root.resolve("districts/main.yml").toString()));
        assertThat(district.exitCode()).as(district.output()).isEqualTo(1);

        assertThat(RepositoryLoader.load(root).errors()).extracting(Diagnostic::message)
                .anySatisfy(m -> assertThat(m).contains("unknown key `memroy`"))
                .anySatisfy(m -> assertThat(m).contains("AWS:owner"));
    }

    private static void assertClean(String schema, List<String> files) throws Exception {
        List<String> args = new ArrayList<>(List.of("--schemafile", SCHEMAS.resolve(JsonSchemas.fileName(schema)).toString()));
        args.addAll(files);
        Result result = run(args);
        assertThat(result.exitCode()).as("check-jsonschema %s: %s", schema, result.output()).isZero();
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("check-jsonschema"));
        command.addAll(args);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            return fail("check-jsonschema is not installed: install it with `pip install check-jsonschema==0.39.0`"
                    + " (scripts/test and CI do); this test checks the published JSON Schemas with it");
        }
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("check-jsonschema did not finish within 2 minutes");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
