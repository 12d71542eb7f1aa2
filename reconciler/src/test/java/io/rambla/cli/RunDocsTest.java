package io.rambla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rambla.run.RunSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every command of docs/one-off-tasks.md parses as written; {@code RunCommandIT} runs each of them
 * (FakeEcs for ECS). The documented API body is a valid run request, and the help text names every option
 * the page documents.
 */
class RunDocsTest {

    static final Path DOC = Path.of("..", "docs", "one-off-tasks.md");
    private static final Pattern BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);

    /** The documented lines of sh blocks, continuation lines joined. */
    static List<String> commands() throws IOException {
        List<String> commands = new ArrayList<>();
        Matcher block = BLOCK.matcher(Files.readString(DOC, StandardCharsets.UTF_8));
        while (block.find()) {
            commands.addAll(List.of(block.group(1).replace("\\\n", " ").split("\n")));
        }
        return commands;
    }

    /** A line split into words as sh would, for the quoting these docs use (single and double quotes). */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    @Test
    void every_documented_rambla_run_parses_as_written() throws IOException {
        List<String> runs = commands().stream().filter(c -> c.startsWith("./rambla run ")).toList();
        assertThat(runs).hasSizeGreaterThanOrEqualTo(5);
        for (String line : runs) {
            List<String> words = words(line);
            RunArguments parsed = RunArguments.parse(words.subList(2, words.size()));
            assertThat(parsed.app()).as(line).isEqualTo("shop");
            assertThat(parsed.environment()).as(line).isEqualTo("production");
        }
        RunArguments shell = RunArguments.parse(words(runs.get(1)).subList(2, words(runs.get(1)).size()));
        assertThat(shell.spec().command()).containsExactly("sh", "-c", "echo $RAILS_ENV && bundle exec rake -T | head");
        RunArguments trace = RunArguments.parse(words(runs.get(2)).subList(2, words(runs.get(2)).size()));
        assertThat(trace.spec().command()).endsWith("--trace");
    }

    @Test
    void the_documented_api_call_is_a_valid_run_request_on_the_run_path() throws IOException {
        String curl = commands().stream().filter(c -> c.startsWith("curl ")).findFirst().orElseThrow();
        List<String> words = words(curl);
        String body = words.get(words.indexOf("-d") + 1);
        var request = new ObjectMapper().readTree(body);
        List<String> command = new ArrayList<>();
        request.path("command").forEach(w -> command.add(w.asText()));
        assertThat(new RunSpec(command, null, request.path("memory").asInt(), null, true).commandLine()).isEqualTo("bundle exec rake db:migrate");
        assertThat(words.get(words.size() - 1)).endsWith("/api/units/app/shop/production/run");
        assertThat(words).contains("Authorization: Bearer $RAMBLA_API_TOKEN");
    }

    @Test
    void the_help_names_every_documented_option() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        Matcher options = Pattern.compile("^\\| `(--[a-z]+)", Pattern.MULTILINE).matcher(doc);
        int count = 0;
        while (options.find()) {
            assertThat(RunCommand.HELP).contains(options.group(1));
            count++;
        }
        assertThat(count).isEqualTo(7);
    }
}
