package io.rambla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaAndValidateCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void schema_prints_one_named_schema_as_json() throws Exception {
        assertThat(run("schema", "barcelona")).isZero();
        var schema = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(schema.path("$defs").has("service")).isTrue();
    }

    @Test
    void schema_with_out_writes_all_three_and_names_each_file(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("schemas");
        assertThat(run("schema", "--out", target.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                target.resolve("barcelona.schema.json").toString(),
                target.resolve("district.schema.json").toString(),
                target.resolve("rambla.schema.json").toString());
        for (String name : new String[] {"barcelona", "district", "rambla"}) {
            new ObjectMapper().readTree(Files.readString(target.resolve(name + ".schema.json")));
        }
    }

    @Test
    void schema_refuses_an_unknown_name_and_printing_all_three_at_once() throws Exception {
        assertThat(run("schema", "barcelona.yml")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown schema `barcelona.yml`; schemas: barcelona, district, rambla");
        err.reset();
        assertThat(run("schema")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("name one schema to print it, or give --out DIR");
    }

    @Test
    void validate_on_a_directory_that_is_not_an_infrastructure_repository_says_so_in_one_line(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("src/app"));
        Files.writeString(dir.resolve("src/app/barcelona.yml"), "environments: {}\n");

        assertThat(run("validate", dir.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly("rambla validate: " + dir
                + " is not an infrastructure repository: it has neither a districts/ folder nor a rambla.yml"
                + " (see docs/reference/district-file.md)");
    }
}
