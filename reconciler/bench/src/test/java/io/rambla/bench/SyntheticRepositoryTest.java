package io.rambla.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rambla.render.RenderedUnit;
import io.rambla.render.Renderer;
import io.rambla.render.Unit;
import io.rambla.schema.LoadResult;
import io.rambla.schema.RepositoryLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticRepositoryTest {

    @TempDir
    Path root;

    private LoadResult write(Map<String, String> files) throws IOException {
        for (var file : files.entrySet()) {
            Path path = root.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        return RepositoryLoader.load(root);
    }

    @Test
    void aGeneratedRepositoryValidatesAndRendersADistrictAnEndpointAndOneUnitPerApp() throws IOException {
        LoadResult loaded = write(SyntheticRepository.files("rb-test-abcd", 25));

        assertThat(loaded.errors()).isEmpty();
        List<RenderedUnit> units = new Renderer("rb-test-abcd").render(loaded.repository());
        assertThat(units).hasSize(27);
        assertThat(units).extracting(u -> u.unit().kind()).containsOnlyOnce(Unit.Kind.DISTRICT, Unit.Kind.ENDPOINT);
        assertThat(units).extracting(RenderedUnit::id).contains(SyntheticRepository.appUnitId(1), SyntheticRepository.appUnitId(25));
        assertThat(units).allSatisfy(u -> assertThat(u.stack().stackName()).startsWith("rb-test-abcd-"));
    }

    @Test
    void aChangedImageTagStillValidates() throws IOException {
        var files = new java.util.HashMap<>(SyntheticRepository.files("rb-test-abcd", 3));
        files.put(SyntheticRepository.appPath(2), SyntheticRepository.app(2, "bench-7"));

        assertThat(write(files).errors()).isEmpty();
    }

    @Test
    void everyAppListensAtItsOwnRulePriority() {
        var files = SyntheticRepository.files("rb-test-abcd", 3);

        assertThat(files.get(SyntheticRepository.appPath(3))).contains("rule_priority: 3");
        assertThat(files.get(SyntheticRepository.appPath(1))).contains("rule_priority: 1\n");
    }

    @Test
    void theLargestLoadableRepositoryLoadsAndOneAppMoreDoesNot() throws IOException {
        int max = SyntheticRepository.maxLoadableApps(io.rambla.schema.LoaderLimits.defaults());
        assertThat(max).isEqualTo(1_998);
        LoadResult loaded = write(SyntheticRepository.files("rb-test-abcd", max));
        assertThat(loaded.errors()).isEmpty();
        assertThat(new Renderer("rb-test-abcd").render(loaded.repository())).hasSize(max + 2);

        Files.writeString(Files.createDirectories(root.resolve("apps/" + SyntheticRepository.appName(max + 1)))
                .resolve("barcelona.yml"), SyntheticRepository.app(max + 1, "1.27"));
        assertThat(RepositoryLoader.load(root).errors()).singleElement().asString().contains("limit");
    }

    @Test
    void benchRunsOfMoreAppsThanTheLoaderTakesAreRefusedBeforeAnythingRuns() throws Exception {
        var err = new java.io.ByteArrayOutputStream();
        var command = new BenchCommand(new java.io.PrintStream(new java.io.ByteArrayOutputStream()), new java.io.PrintStream(err, true));
        assertThat(command.run(List.of("scale", "--units", "2000", "--endpoint", "http://127.0.0.1:1"))).isEqualTo(2);
        assertThat(err.toString()).contains("--units 2000 makes a repository Rambla does not load: at most 1998 apps");
    }

    @Test
    void moreAppsThanRulePrioritiesAreRefused() {
        assertThatThrownBy(() -> SyntheticRepository.files("rb-x", SyntheticRepository.MAX_UNITS + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void uniquePrefixesFitTheSchemaAndDiffer() {
        String a = SyntheticRepository.uniquePrefix("change");
        String b = SyntheticRepository.uniquePrefix("change");

        assertThat(a).matches("[a-z][a-z0-9-]{0,19}").isNotEqualTo(b);
    }
}
