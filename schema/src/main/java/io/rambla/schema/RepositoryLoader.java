package io.rambla.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

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

        SettingsReader.Read settings = new SettingsReader.Read(Settings.defaults(), Optional.empty());
        Path settingsFile = root.resolve(SETTINGS_FILE);
        Problems settingsProblems = new Problems(SETTINGS_FILE, diagnostics);
        if (Files.isRegularFile(settingsFile)) {
            Optional<org.yaml.snakeyaml.nodes.Node> node = YamlDocument.read(settingsFile, limits, settingsProblems);
            if (node.isPresent()) {
                settings = SettingsReader.read(node.get(), settingsProblems);
            }
        }

        Map<String, Optional<District>> districts = new LinkedHashMap<>();
        // Districts as read, errors or not: apps are checked against them in the same pass, so a repository's
        // per-file and cross-file problems come in one report.
        Map<String, District> asRead = new LinkedHashMap<>();
        for (Path file : districtFiles(root, diagnostics)) {
            String name = file.getFileName().toString().replaceFirst("\\.yml$", "");
            Problems problems = new Problems(relative(root, file), diagnostics);
            Optional<District> district = YamlDocument.read(file, limits, problems)
                    .flatMap(node -> DistrictReader.read(node, name, problems));
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
                new ApplicationReader.RulePriorities(), asRead);
        List<Application> applications = new ArrayList<>();
        Map<String, String> appFiles = new HashMap<>();
        for (Path file : applicationFiles(root)) {
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
            Optional<Application> application = YamlDocument.read(file, limits, problems)
                    .flatMap(node -> ApplicationReader.read(node, appName, problems, context));
            if (application.isEmpty() && !problems.hasErrors()) {
                problems.error(1, 1, "", "barcelona.yml is empty; it needs `environments`");
            }
            if (!problems.hasErrors()) {
                application.ifPresent(applications::add);
            }
        }

        List<District> loaded = districts.values().stream().flatMap(Optional::stream).toList();
        List<Diagnostic> sorted = diagnostics.stream()
                .sorted(Comparator.comparing(Diagnostic::file).thenComparingInt(Diagnostic::line)
                        .thenComparingInt(Diagnostic::column).thenComparing(Diagnostic::message))
                .toList();
        return new LoadResult(new InfraRepository(settings.settings(), loaded, applications), sorted);
    }

    private static List<Path> districtFiles(Path root, List<Diagnostic> diagnostics) {
        Path dir = root.resolve(DISTRICTS_DIR);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.filter(Files::isRegularFile).sorted().toList();
            for (Path file : all) {
                if (file.getFileName().toString().endsWith(".yaml")) {
                    diagnostics.add(Diagnostic.warning(relative(root, file), 0, 0, "",
                            "district files end in .yml; this file is ignored (rename it to "
                                    + file.getFileName().toString().replaceFirst("\\.yaml$", ".yml") + ")"));
                }
            }
            return all.stream().filter(f -> f.getFileName().toString().endsWith(".yml")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> applicationFiles(Path root) {
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(root, java.util.Set.of(), MAX_APP_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    boolean skip = !dir.equals(root) && (name.startsWith(".") || name.equals(DISTRICTS_DIR) && dir.getParent().equals(root)
                            || name.equals("node_modules") || name.equals("target"));
                    return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && file.getFileName().toString().equals(APPLICATION_FILE)) {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.sort(Comparator.comparing(p -> relative(root, p)));
        return found;
    }

    static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }
}
