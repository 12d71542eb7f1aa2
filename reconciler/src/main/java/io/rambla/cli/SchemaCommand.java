package io.rambla.cli;

import io.rambla.schema.JsonSchemas;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code rambla schema [barcelona|district|rambla] [--out DIR]}: the JSON Schemas, for editors and CI. */
final class SchemaCommand {

    static final String HELP = """
            Usage: rambla schema [barcelona|district|rambla] [--out DIR]

            Writes the JSON Schema (draft 2020-12) of barcelona.yml, of district files or of rambla.yml.
            With a name and no --out, prints that schema. With --out, writes DIR/<name>.schema.json for the
            named schema, or for all three when no name is given, and prints each path.
            Exit status: 0 written, 2 bad usage or a file that cannot be written.
            """;

    private final PrintStream out;
    private final PrintStream err;

    SchemaCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args, Set.of("out"));
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        if (arguments.help()) {
            out.print(HELP);
            return 0;
        }
        if (arguments.positional().size() > 1) {
            return usage("expected at most one schema name, got " + arguments.positional());
        }
        List<String> names = arguments.positional().isEmpty() ? JsonSchemas.NAMES : arguments.positional();
        for (String name : names) {
            if (!JsonSchemas.NAMES.contains(name)) {
                return usage("unknown schema `" + name + "`; schemas: " + String.join(", ", JsonSchemas.NAMES));
            }
        }
        String outDir = arguments.options().get("out");
        if (outDir == null) {
            if (names.size() != 1) {
                return usage("name one schema to print it, or give --out DIR to write all three");
            }
            out.print(JsonSchemas.text(names.get(0)));
            return 0;
        }
        try {
            Path dir = Path.of(outDir);
            Files.createDirectories(dir);
            for (String name : names) {
                Path file = dir.resolve(JsonSchemas.fileName(name));
                Files.writeString(file, JsonSchemas.text(name), StandardCharsets.UTF_8);
                out.println(file);
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("rambla schema: cannot write to " + outDir + ": " + e.getMessage());
            return 2;
        }
    }

    private int usage(String message) {
        err.println("rambla schema: " + message);
        err.print(HELP);
        return 2;
    }
}
