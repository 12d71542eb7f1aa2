package io.rambla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rambla render} writes the same bytes every time. The JVM seeds the iteration order of
 * {@code Map.of} afresh in every process, so one render runs in this JVM and one in a new one.
 */
class RenderCommandTest {

    private static final Path EXAMPLE = Path.of(System.getProperty("basedir", "."), "..", "example-infra-repo");

    @Test
    void rendering_the_example_repository_in_two_processes_writes_identical_trees(@TempDir Path tmp) throws Exception {
        Path here = tmp.resolve("here");
        Path child = tmp.resolve("child");
        assertThat(renderInThisJvm(here)).isZero();
        assertThat(renderInANewJvm(child)).isZero();

        Map<String, byte[]> first = files(here);
        Map<String, byte[]> second = files(child);
        assertThat(first).isNotEmpty();
        assertThat(second.keySet()).isEqualTo(first.keySet());
        first.forEach((name, bytes) -> assertThat(new String(second.get(name), StandardCharsets.UTF_8)).as(name)
                .isEqualTo(new String(bytes, StandardCharsets.UTF_8)));
    }

    @Test
    void every_object_in_a_stack_file_lists_its_keys_in_sorted_order(@TempDir Path tmp) throws Exception {
        assertThat(renderInThisJvm(tmp)).isZero();
        ObjectMapper json = new ObjectMapper();
        List<Path> stackFiles;
        try (Stream<Path> walk = Files.list(tmp)) {
            stackFiles = walk.filter(f -> f.toString().endsWith(".stack.json")).toList();
        }
        assertThat(stackFiles).isNotEmpty();
        for (Path file : stackFiles) {
            assertSorted(file.getFileName().toString(), json.readTree(file.toFile()));
        }
    }

    private static void assertSorted(String where, JsonNode node) {
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).as(where).isSorted();
            node.fields().forEachRemaining(e -> assertSorted(where + "/" + e.getKey(), e.getValue()));
        } else if (node.isArray()) {
            node.forEach(child -> assertSorted(where + "[]", child));
        }
    }

    private static int renderInThisJvm(Path out) throws Exception {
        var sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return Main.run(new String[] {"render", EXAMPLE.toString(), "--out", out.toString()}, sink, sink);
    }

    private static int renderInANewJvm(Path out) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "render", EXAMPLE.toString(), "--out", out.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("child render finished").isTrue();
        return process.exitValue();
    }

    private static Map<String, byte[]> files(Path dir) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        return files;
    }
}
