package io.rambla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/review-apps.md's commands run as written, in order, and print what the page says: each
 * {@code sh} block's shell lines run in bash from the checkout (with /tmp/ moved to a temporary
 * folder), each {@code ./rambla validate} runs in process, and its output is the plain block that
 * follows.
 */
class ReviewAppsDocsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern BLOCK = Pattern.compile("```(\\w*)\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path temp;

    @Test
    void every_command_of_the_page_runs_as_written_and_prints_what_it_shows() throws Exception {
        String doc = Files.readString(ROOT.resolve("docs/review-apps.md"), StandardCharsets.UTF_8);
        Matcher blocks = BLOCK.matcher(doc);
        List<String[]> seen = new ArrayList<>();
        while (blocks.find()) {
            seen.add(new String[] {blocks.group(1), blocks.group(2)});
        }
        int validated = 0;
        for (int i = 0; i < seen.size(); i++) {
            if (!seen.get(i)[0].equals("sh")) {
                continue;
            }
            String printed = null;
            for (String line : seen.get(i)[1].split("\n")) {
                String command = line.replace("/tmp/", temp + "/");
                if (command.startsWith("./rambla validate ")) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
                    Main.run(command.substring("./rambla ".length()).split("\\s+"), print, print);
                    printed = out.toString(StandardCharsets.UTF_8);
                    validated++;
                } else {
                    Process process = new ProcessBuilder("bash", "-c", command).directory(ROOT.toFile()).redirectErrorStream(true).start();
                    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertThat(process.waitFor()).as(line + "\n" + output).isZero();
                }
            }
            if (printed != null) {
                assertThat(i + 1).as("the output shown after the block").isLessThan(seen.size());
                assertThat(seen.get(i + 1)[0]).isEmpty();
                assertThat(printed.strip()).isEqualTo(seen.get(i + 1)[1].strip());
            }
        }
        assertThat(validated).isEqualTo(2);
    }
}
