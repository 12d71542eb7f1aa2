package io.rambla.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads the district files of an infrastructure repository into the model.
 * First slice: districts with {@code region} and {@code cidr_block}.
 */
public final class RepositoryLoader {

    private RepositoryLoader() {}

    public static LoadResult load(Path root) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<District> districts = new ArrayList<>();
        Path districtDir = root.resolve("districts");
        if (Files.isDirectory(districtDir)) {
            try (Stream<Path> files = Files.list(districtDir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".yml")).sorted().toList()) {
                    readDistrict(root, file, diagnostics).ifPresent(districts::add);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new LoadResult(new InfraRepository(Settings.defaults(), districts, List.of()), diagnostics);
    }

    private static java.util.Optional<District> readDistrict(Path root, Path file, List<Diagnostic> diagnostics) {
        String relative = root.relativize(file).toString().replace('\\', '/');
        String name = file.getFileName().toString().replaceFirst("\\.yml$", "");
        Node node;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(50);
            node = new Yaml(options).compose(Files.newBufferedReader(file, StandardCharsets.UTF_8));
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark();
            diagnostics.add(Diagnostic.error(relative, mark.getLine() + 1, mark.getColumn() + 1, "", e.getProblem()));
            return java.util.Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!(node instanceof MappingNode mapping)) {
            diagnostics.add(Diagnostic.error(relative, 1, 1, "", "a district file must be a mapping"));
            return java.util.Optional.empty();
        }
        String region = null;
        String cidr = null;
        for (NodeTuple tuple : mapping.getValue()) {
            String key = ((ScalarNode) tuple.getKeyNode()).getValue();
            Node value = tuple.getValueNode();
            String scalar = value instanceof ScalarNode s ? s.getValue() : null;
            switch (key) {
                case "region" -> region = scalar;
                case "cidr_block" -> cidr = scalar;
                default -> diagnostics.add(Diagnostic.warning(relative, tuple.getKeyNode().getStartMark().getLine() + 1,
                        tuple.getKeyNode().getStartMark().getColumn() + 1, key, "key `" + key + "` is not supported yet and is ignored"));
            }
        }
        if (region == null) {
            diagnostics.add(Diagnostic.error(relative, 1, 1, "region", "missing required key `region`"));
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new District(name, relative, region, cidr == null ? "10.0.0.0/16" : cidr,
                District.NatType.INSTANCE, "ec2", "t3.small", 1, false, List.of(), null, Map.of()));
    }
}
