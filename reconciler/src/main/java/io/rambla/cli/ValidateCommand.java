package io.rambla.cli;

import io.rambla.schema.Diagnostic;
import io.rambla.schema.LoadResult;
import io.rambla.schema.RepositoryLoader;
import io.rambla.schema.RepositoryShape;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;

/** {@code rambla validate [DIR]}: every problem of the repository, compiler style; exit 1 on errors. */
final class ValidateCommand {

    static final String HELP = """
            Usage: rambla validate [DIR]

            Checks districts/*.yml, every barcelona.yml and rambla.yml under DIR (default: the current
            directory). Prints each problem as FILE:LINE:COLUMN: error|warning: MESSAGE.
            Exit status: 0 valid (warnings allowed), 1 errors found, 2 bad usage.
            """;

    private final PrintStream out;
    private final PrintStream err;

    ValidateCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args, Set.of());
            if (arguments.help()) {
                out.print(HELP);
                return 0;
            }
            if (!Files.isDirectory(arguments.directory())) {
                err.println("rambla validate: " + arguments.directory() + " is not a directory");
                return 2;
            }
        } catch (IllegalArgumentException e) {
            err.println("rambla validate: " + e.getMessage());
            err.print(HELP);
            return 2;
        }
        var notInfra = RepositoryShape.notAnInfrastructureRepository(arguments.directory());
        if (notInfra.isPresent()) {
            err.println("rambla validate: " + notInfra.get());
            return 1;
        }
        LoadResult result;
        try {
            result = RepositoryLoader.load(arguments.directory());
        } catch (RuntimeException | StackOverflowError e) {
            // The loader reports every problem as a diagnostic; should it ever fail, say so without a stack trace.
            err.println(Diagnostic.error(".", 0, 0, "", "the repository could not be loaded (" + e.getClass().getSimpleName()
                    + "); please report this"));
            return 1;
        }
        result.diagnostics().forEach(d -> (d.isError() ? err : out).println(d));
        long errors = result.diagnostics().stream().filter(Diagnostic::isError).count();
        long warnings = result.diagnostics().size() - errors;
        if (errors > 0) {
            err.println(errors + " error(s), " + warnings + " warning(s)");
            return 1;
        }
        // Whatever rendering finds is a diagnostic too: a template or task definition past AWS's limits.
        RenderChecks.Outcome rendered = RenderChecks.render(result);
        rendered.diagnostics().forEach(err::println);
        if (!rendered.diagnostics().isEmpty()) {
            err.println(rendered.diagnostics().size() + " error(s), " + warnings + " warning(s)");
            return 1;
        }
        int units = rendered.units().size();
        out.println("valid: " + result.repository().districts().size() + " district(s), "
                + result.repository().applications().size() + " application(s), " + units + " unit(s), "
                + warnings + " warning(s)");
        return 0;
    }
}
