package io.rambla.cli;

import io.rambla.render.RenderedUnit;
import io.rambla.schema.LoadResult;
import io.rambla.schema.RepositoryLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code rambla render [DIR] --out OUT}: the plain CloudFormation templates, one file per stack. */
final class RenderCommand {

    static final String HELP = """
            Usage: rambla render [DIR] --out OUT

            Validates DIR (default: the current directory) and writes each unit's CloudFormation template
            to OUT/<stack-name>.json, and the stack's parameters and tags to OUT/<stack-name>.stack.json.
            The templates are plain CloudFormation: you can deploy them without Rambla.
            Exit status: 0 written, 1 validation errors (nothing written), 2 bad usage.
            """;

    private final PrintStream out;
    private final PrintStream err;

    RenderCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) throws IOException {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args, Set.of("out"));
            if (arguments.help()) {
                out.print(HELP);
                return 0;
            }
            if (!arguments.options().containsKey("out")) {
                throw new IllegalArgumentException("--out OUT is required");
            }
            if (!Files.isDirectory(arguments.directory())) {
                throw new IllegalArgumentException(arguments.directory() + " is not a directory");
            }
        } catch (IllegalArgumentException e) {
            err.println("rambla render: " + e.getMessage());
            err.print(HELP);
            return 2;
        }
        LoadResult result = RepositoryLoader.load(arguments.directory());
        result.diagnostics().forEach(d -> (d.isError() ? err : out).println(d));
        if (result.hasErrors()) {
            err.println("nothing written: fix the errors above first");
            return 1;
        }
        RenderChecks.Outcome rendered = RenderChecks.render(result);
        if (!rendered.diagnostics().isEmpty()) {
            rendered.diagnostics().forEach(err::println);
            err.println("nothing written: fix the errors above first");
            return 1;
        }
        Path outDir = Path.of(arguments.options().get("out"));
        Files.createDirectories(outDir);
        for (RenderedUnit unit : rendered.units()) {
            Path file = outDir.resolve(unit.stack().stackName() + ".json");
            Files.writeString(file, unit.stack().templateBody(), StandardCharsets.UTF_8);
            Files.writeString(outDir.resolve(unit.stack().stackName() + ".stack.json"), StackFile.json(unit), StandardCharsets.UTF_8);
            out.println(unit.id() + " -> " + file);
        }
        return 0;
    }
}
