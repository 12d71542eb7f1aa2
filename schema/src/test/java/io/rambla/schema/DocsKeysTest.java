package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every `key: value` the docs show inline names a key the loader knows (docs/stacks.md once named a `fargate: true`). */
class DocsKeysTest {

    private static final Pattern INLINE_KEY = Pattern.compile("`([a-z_]+): [^`]+`");
    /** YAML in the docs that is not a Rambla key: a top-level anchor holder. */
    private static final Set<String> NOT_KEYS = Set.of("base");

    @Test
    void inline_keys_in_the_docs_are_keys_the_loader_reads() throws IOException {
        Set<String> known = Stream.of(KnownKeys.values())
                .flatMap(k -> Stream.concat(k.keys().stream(), k.barcelonaOnly().stream()))
                .collect(Collectors.toSet());
        List<String> unknown = new ArrayList<>();
        List<Path> docs;
        try (Stream<Path> files = Files.walk(Path.of("..", "docs"))) {
            docs = files.filter(f -> f.toString().endsWith(".md")).sorted().toList();
        }
        for (Path doc : docs) {
            Matcher m = INLINE_KEY.matcher(Files.readString(doc, StandardCharsets.UTF_8));
            while (m.find()) {
                if (!known.contains(m.group(1)) && !NOT_KEYS.contains(m.group(1))) {
                    unknown.add(doc.getFileName() + ": " + m.group());
                }
            }
        }
        assertThat(docs).isNotEmpty();
        assertThat(unknown).isEmpty();
    }
}
