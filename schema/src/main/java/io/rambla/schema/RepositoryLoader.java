package io.rambla.schema;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an infrastructure repository into the model:
 * <ul>
 *   <li>{@code rambla.yml} at the root (optional): repository settings;</li>
 *   <li>{@code districts/<name>.yml}: one district per file, named by the file;</li>
 *   <li>{@code <folder>/<app>/barcelona.yml} anywhere below the root: one application, named by its folder.</li>
 * </ul>
 * Every problem is reported in one pass as a {@link Diagnostic}, sorted by file, line and column.
 * A file with errors is left out of the model (and so are app environments on a district that was
 * left out), so the units of healthy files can still be planned; callers must not apply a result
 * whose {@link LoadResult#hasErrors()} is true without reporting those errors.
 */
public final class RepositoryLoader {

    public static final String SETTINGS_FILE = "rambla.yml";
    public static final String DISTRICTS_DIR = "districts";
    public static final String APPLICATION_FILE = "barcelona.yml";
    private static final int MAX_APP_DEPTH = 8;

    private RepositoryLoader() {}

    public static LoadResult load(Path root) {
        return load(root, LoaderLimits.defaults());
    }

    public static LoadResult load(Path root, LoaderLimits limits) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        RepositoryFiles files = new RepositoryFiles(root, limits, diagnostics);
        Declarations declarations = new Declarations();

        SettingsReader.Read settings = new SettingsReader.Read(Settings.defaults(), Optional.empty());
        Path settingsFile = root.resolve(SETTINGS_FILE);
        Problems settingsProblems = new Problems(SETTINGS_FILE, diagnostics);
        if (RepositoryFiles.kind(settingsFile) != RepositoryFiles.Kind.MISSING) {
            Optional<org.yaml.snakeyaml.nodes.Node> node = YamlDocument.read(files, settingsFile, limits, settingsProblems);
            if (node.isPresent()) {
                settings = SettingsReader.read(node.get(), settingsProblems);
            }
        }

        Map<String, Optional<District>> districts = new LinkedHashMap<>();
        // Districts as read, errors or not: apps are checked against them in the same pass, so a repository's
        // per-file and cross-file problems come in one report.
        Map<String, District> asRead = new LinkedHashMap<>();
        for (Path file : files.filesIn(root.resolve(DISTRICTS_DIR), name -> name.endsWith(".yml"), name -> name.endsWith(".yaml"),
                name -> "district files end in .yml; this file is ignored (rename it to " + name.replaceFirst("\\.yaml$", ".yml") + ")")) {
            if (files.exhausted()) {
                break;
            }
            String name = file.getFileName().toString().replaceFirst("\\.yml$", "");
            Problems problems = new Problems(relative(root, file), diagnostics);
            Optional<District> district = YamlDocument.read(files, file, limits, problems)
                    .flatMap(node -> DistrictReader.read(node, name, problems, declarations));
            if (district.isEmpty() && !problems.hasErrors()) {
                problems.error(1, 1, "", "district file is empty; it needs at least `region`");
            }
            districts.put(name, problems.hasErrors() ? Optional.empty() : district);
            district.ifPresent(d -> asRead.put(name, d));
        }

        String defaultDistrict = settings.settings().defaultDistrict();
        if (defaultDistrict != null && !districts.containsKey(defaultDistrict)) {
            int line = settings.defaultDistrictNode().map(n -> n.getStartMark().getLine() + 1).orElse(0);
            int column = settings.defaultDistrictNode().map(n -> n.getStartMark().getColumn() + 1).orElse(0);
            settingsProblems.error(line, column, "default_district", "`default_district` names unknown district `" + defaultDistrict
                    + "`; districts: " + (districts.isEmpty() ? "none" : String.join(", ", districts.keySet()))
                    + Suggestions.didYouMean(defaultDistrict, districts.keySet()));
        }

        ApplicationReader.Context context = new ApplicationReader.Context(settings.settings(), districts,
                new ApplicationReader.RulePriorities(), asRead, declarations);
        List<Application> applications = new ArrayList<>();
        Map<String, String> appFiles = new HashMap<>();
        List<Path> applicationFiles = files.find(APPLICATION_FILE, MAX_APP_DEPTH, dir -> {
            String name = dir.getFileName().toString();
            return name.startsWith(".") || name.equals(DISTRICTS_DIR) && dir.getParent().equals(root)
                    || name.equals("node_modules") || name.equals("target");
        });
        if (applicationFiles.size() > limits.maxFiles()) {
            diagnostics.add(Diagnostic.error(".", 0, 0, "", "the repository has " + applicationFiles.size()
                    + " barcelona.yml files, more than the limit of " + limits.maxFiles() + "; nothing was loaded"));
            return refused(settings.settings(), diagnostics);
        }
        for (Path file : applicationFiles) {
            if (files.exhausted()) {
                break;
            }
            String relative = relative(root, file);
            Problems problems = new Problems(relative, diagnostics);
            Path folder = root.relativize(file).getParent();
            if (folder == null) {
                problems.error(1, 1, "", "barcelona.yml at the repository root has no application name; "
                        + "move it to a folder named after the application, such as apps/<name>/barcelona.yml");
                continue;
            }
            String appName = folder.getFileName().toString();
            if (!DistrictReader.NAME.matcher(appName).matches()) {
                problems.error(1, 1, "", "application folder name `" + appName + "` " + DistrictReader.NAME_RULE);
                continue;
            }
            String previous = appFiles.putIfAbsent(appName, relative);
            if (previous != null) {
                problems.error(1, 1, "", "application `" + appName + "` is already declared by " + previous
                        + "; application folder names must be unique");
                continue;
            }
            Optional<Application> application = YamlDocument.read(files, file, limits, problems)
                    .flatMap(node -> ApplicationReader.read(node, appName, problems, context));
            if (application.isEmpty() && !problems.hasErrors()) {
                problems.error(1, 1, "", "barcelona.yml is empty; it needs `environments`");
            }
            if (!problems.hasErrors()) {
                application.ifPresent(applications::add);
            }
        }
        if (files.exhausted()) {
            return refused(settings.settings(), diagnostics);
        }

        List<District> loaded = districts.values().stream().flatMap(Optional::stream).toList();
        InfraRepository repository = new InfraRepository(settings.settings(), loaded, applications);
        int units = loaded.size() + loaded.stream().mapToInt(d -> d.endpoints().size()).sum()
                + applications.stream().mapToInt(a -> a.environments().size()).sum();
        if (units > limits.maxUnits()) {
            diagnostics.add(Diagnostic.error(".", 0, 0, "", "the repository declares " + units + " units (districts, endpoints "
                    + "and app environments), more than the limit of " + limits.maxUnits() + "; nothing was loaded"));
            return refused(settings.settings(), diagnostics);
        }
        // Checks that need the whole repository: a file they find at fault is left out like any other.
        diagnostics.addAll(Uniqueness.check(repository, declarations));
        diagnostics.addAll(SecretGrants.check(repository, declarations));
        return new LoadResult(withoutFaultyFiles(repository, diagnostics), sorted(diagnostics), declarations);
    }

    private static LoadResult refused(Settings settings, List<Diagnostic> diagnostics) {
        return new LoadResult(new InfraRepository(settings, List.of(), List.of()), sorted(diagnostics));
    }

    private static List<Diagnostic> sorted(List<Diagnostic> diagnostics) {
        return diagnostics.stream()
                .sorted(Comparator.comparing(Diagnostic::file).thenComparingInt(Diagnostic::line)
                        .thenComparingInt(Diagnostic::column).thenComparing(Diagnostic::message))
                .toList();
    }

    /** The repository without the districts and applications whose files have errors, nor the environments on such districts. */
    private static InfraRepository withoutFaultyFiles(InfraRepository repository, List<Diagnostic> diagnostics) {
        Set<String> faulty = new HashSet<>();
        diagnostics.stream().filter(Diagnostic::isError).forEach(d -> faulty.add(d.file()));
        List<District> districts = repository.districts().stream().filter(d -> !faulty.contains(d.file())).toList();
        Set<String> kept = new HashSet<>();
        districts.forEach(d -> kept.add(d.name()));
        List<Application> applications = repository.applications().stream()
                .filter(a -> !faulty.contains(a.file()))
                .map(a -> a.environments().stream().allMatch(e -> kept.contains(e.district())) ? a
                        : new Application(a.name(), a.file(), a.environments().stream().filter(e -> kept.contains(e.district())).toList(),
                                a.review()))
                .toList();
        return new InfraRepository(repository.settings(), districts, applications);
    }

    static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }
}
