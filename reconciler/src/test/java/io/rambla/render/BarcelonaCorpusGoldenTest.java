package io.rambla.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rambla.schema.LoadResult;
import io.rambla.schema.RepositoryLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Barcelona compatibility corpus (schema/src/test/resources/barcelona/corpus), from the file to
 * the template: each file that loads without errors on an EC2 or a Fargate district renders its app
 * stacks, and the endpoint stacks of its force_ssl services (where HTTP is redirected to HTTPS), as
 * the goldens under render/corpus-golden/&lt;ec2|fargate&gt;/&lt;file&gt;/, which CfnLintTest
 * lints. Update with {@code -Drambla.golden.update=true} and review the diff.
 */
class BarcelonaCorpusGoldenTest {

    private static final Path CORPUS = Path.of(System.getProperty("basedir", "."))
            .resolve("../schema/src/test/resources/barcelona/corpus").normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DISTRICTS = List.of("ec2", "fargate");

    /** One corpus file rendered on one kind of district: its app stacks, or none when it has errors there. */
    record Render(String district, String name, List<RenderedUnit> apps) {}

    static List<Render> renders() throws IOException {
        List<Render> renders = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(CORPUS.resolve("apps"))) {
            files = list.sorted().toList();
        }
        for (String district : DISTRICTS) {
            for (Path file : files) {
                String name = file.getFileName().toString().replaceFirst("\\.yml$", "");
                Path root = Files.createTempDirectory("rambla-corpus");
                try {
                    Files.createDirectories(root.resolve("districts"));
                    Files.createDirectories(root.resolve("apps").resolve(name));
                    Files.copy(CORPUS.resolve("district-" + district + ".yml"), root.resolve("districts/main.yml"));
                    Files.copy(file, root.resolve("apps").resolve(name).resolve("barcelona.yml"));
                    LoadResult loaded = RepositoryLoader.load(root);
                    List<RenderedUnit> all = loaded.hasErrors() ? List.of() : new Renderer().render(loaded.repository());
                    // The endpoints of force_ssl services too: their HTTP listener is where the redirect to HTTPS is.
                    Set<String> forceSsl = new TreeSet<>();
                    all.stream().map(RenderedUnit::unit).filter(u -> u instanceof Unit.AppEnvironmentUnit)
                            .flatMap(u -> ((Unit.AppEnvironmentUnit) u).environment().services().stream())
                            .filter(io.rambla.schema.Service::forceSsl)
                            .forEach(service -> service.listeners().forEach(l -> forceSsl.add(l.endpoint())));
                    List<RenderedUnit> apps = all.stream()
                            .filter(u -> u.unit() instanceof Unit.AppEnvironmentUnit
                                    || u.unit() instanceof Unit.EndpointUnit e && forceSsl.contains(e.endpoint().name()))
                            .toList();
                    renders.add(new Render(district, name, apps));
                } finally {
                    try (Stream<Path> walk = Files.walk(root)) {
                        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(p);
                        }
                    }
                }
            }
        }
        return renders;
    }

    @TestFactory
    Stream<DynamicTest> every_valid_corpus_file_renders_as_its_golden_templates() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Render render : renders()) {
            for (RenderedUnit unit : render.apps()) {
                Path golden = Goldens.corpusRoot().resolve(render.district()).resolve(render.name())
                        .resolve(unit.stack().stackName() + Goldens.TEMPLATE_SUFFIX);
                tests.add(DynamicTest.dynamicTest(render.district() + "/" + render.name() + ": " + unit.stack().stackName(),
                        () -> check(golden, unit.stack().templateBody())));
            }
        }
        return tests.stream();
    }

    @Test
    void at_least_twelve_corpus_files_eleven_of_them_render_and_no_golden_is_left_over() throws IOException {
        List<Render> renders = renders();
        Set<String> expected = new TreeSet<>();
        renders.forEach(r -> r.apps().forEach(u ->
                expected.add(r.district() + "/" + r.name() + "/" + u.stack().stackName() + Goldens.TEMPLATE_SUFFIX)));
        // At least twelve files in Barcelona's forms, most of them valid; one (update-heritage-spec) reads a secret
        // outside the district's grants and is refused, as the safety rules say.
        assertThat(renders.stream().filter(r -> r.district().equals("ec2")).count()).isGreaterThanOrEqualTo(12);
        assertThat(renders.stream().filter(r -> r.district().equals("ec2") && !r.apps().isEmpty()).count())
                .isGreaterThanOrEqualTo(11);
        Set<String> present = new TreeSet<>();
        if (Files.isDirectory(Goldens.corpusRoot())) {
            try (Stream<Path> files = Files.walk(Goldens.corpusRoot())) {
                files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".json"))
                        .forEach(f -> present.add(Goldens.corpusRoot().relativize(f).toString().replace('\\', '/')));
            }
        }
        if (Goldens.updating()) {
            for (String stale : present) {
                if (!expected.contains(stale)) {
                    Files.delete(Goldens.corpusRoot().resolve(stale));
                }
            }
            return;
        }
        assertThat(present).isEqualTo(expected);
    }

    private static void check(Path golden, String actual) throws IOException {
        if (Goldens.updating()) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(golden).as("golden file (create it with -D%s=true)", Goldens.UPDATE_PROPERTY).exists();
        JsonNode expected = JSON.readTree(Files.readString(golden, StandardCharsets.UTF_8));
        JsonTreeAssert.assertSameTree(golden.getFileName().toString(), expected, JSON.readTree(actual));
    }
}
