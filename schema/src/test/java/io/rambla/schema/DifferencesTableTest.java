package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each row of "Differences from Barcelona" (docs/reference/barcelona-yml.md) names the tests that
 * check it; this keeps those names real: each is a test method of a test class of this project.
 */
class DifferencesTableTest {

    private static final Pattern TEST = Pattern.compile("`([A-Z][A-Za-z]+Test)\\.([a-z_0-9]+)`");

    @Test
    void every_row_names_tests_that_exist() throws IOException {
        String docs = Files.readString(Path.of("..", "docs", "reference", "barcelona-yml.md"), StandardCharsets.UTF_8);
        int start = docs.indexOf("## Differences from Barcelona");
        assertThat(start).isNotNegative();
        String table = docs.substring(start, docs.indexOf("\n## ", start + 1));
        List<String> rows = table.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| what")).toList();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(15);

        List<String> missing = new ArrayList<>();
        for (String row : rows) {
            Matcher m = TEST.matcher(row);
            boolean any = false;
            while (m.find()) {
                any = true;
                if (!exists(m.group(1), m.group(2))) {
                    missing.add(m.group(1) + "." + m.group(2));
                }
            }
            assertThat(any).as("row names a test: " + row).isTrue();
        }
        assertThat(missing).isEmpty();
    }

    private static boolean exists(String testClass, String method) throws IOException {
        for (String module : List.of("schema", "reconciler")) {
            try (Stream<Path> files = Files.walk(Path.of("..", module, "src", "test", "java"))) {
                for (Path file : files.filter(f -> f.getFileName().toString().equals(testClass + ".java")).toList()) {
                    if (Pattern.compile("\\s" + method + "\\([^)]*\\)\\s*(throws [\\w, .]+)?\\{").matcher(Files.readString(file)).find()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
