package io.rambla.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every stack of every case in {@link RenderCases} against its golden template and stack file,
 * compared as JSON trees. Run with {@code -Drambla.golden.update=true} to rewrite the goldens after
 * an intended change, then review the diff.
 */
class GoldenTemplatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> every_stack_renders_as_its_golden_file() {
        List<DynamicTest> tests = new ArrayList<>();
        RenderCases.all().forEach((name, repository) -> {
            Path dir = Goldens.root().resolve(name);
            for (RenderedUnit unit : new Renderer().render(repository)) {
                String stack = unit.stack().stackName();
                tests.add(DynamicTest.dynamicTest(name + ": " + stack + " template", () ->
                        check(dir.resolve(stack + Goldens.TEMPLATE_SUFFIX), unit.stack().templateBody())));
                tests.add(DynamicTest.dynamicTest(name + ": " + stack + " parameters and tags", () ->
                        check(dir.resolve(stack + Goldens.STACK_SUFFIX), Goldens.stackJson(unit.stack()))));
            }
        });
        return tests.stream();
    }

    @Test
    void no_golden_file_is_left_over_from_a_stack_that_is_no_longer_rendered() throws IOException {
        Set<String> expected = new TreeSet<>();
        RenderCases.all().forEach((name, repository) -> new Renderer().render(repository).forEach(unit -> {
            expected.add(name + "/" + unit.stack().stackName() + Goldens.TEMPLATE_SUFFIX);
            expected.add(name + "/" + unit.stack().stackName() + Goldens.STACK_SUFFIX);
        }));
        Set<String> present = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Goldens.root())) {
            files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".json"))
                    .forEach(f -> present.add(Goldens.root().relativize(f).toString().replace('\\', '/')));
        }
        if (Goldens.updating()) {
            for (String stale : present) {
                if (!expected.contains(stale)) {
                    Files.delete(Goldens.root().resolve(stale));
                }
            }
            return;
        }
        assertThat(present).as("golden files under %s", Goldens.root()).isEqualTo(expected);
    }

    private static void check(Path golden, String actual) throws IOException {
        if (Goldens.updating()) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(golden).as("golden file (create it with -D%s=true)", Goldens.UPDATE_PROPERTY).exists();
        JsonTreeAssert.assertSameTree(golden.getFileName().toString(),
                JSON.readTree(Files.readString(golden, StandardCharsets.UTF_8)), JSON.readTree(actual));
    }
}
