package io.rambla.status;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * A single daemon keeps its history in a file beside its checkout (a cluster's database store
 * takes precedence when there is one): {@code rambla.history.file}, or else
 * {@code <rambla.git.workdir>.history.jsonl}, or else the same beside the default checkout under
 * the system temp directory. Without a repository to follow there is nothing to keep.
 */
@Factory
public class HistoryStoreFactory {

    @Singleton
    @Secondary
    HistoryStore localHistory(@Value("${rambla.history.file:}") String file, @Value("${rambla.git.url:}") String url,
            @Value("${rambla.git.workdir:}") String workdir) {
        return historyFile(file, url, workdir)
                .<HistoryStore>map(path -> new JsonLinesHistoryStore(path, JsonLinesHistoryStore.DEFAULT_MAX_BYTES))
                .orElseGet(HistoryStore::none);
    }

    static Optional<Path> historyFile(String file, String url, String workdir) {
        if (!file.isBlank()) {
            return Optional.of(Path.of(file));
        }
        if (url.isBlank()) {
            return Optional.empty();
        }
        Path checkout = !workdir.isBlank() ? Path.of(workdir)
                : Path.of(System.getProperty("java.io.tmpdir"), "rambla", UUID.nameUUIDFromBytes(url.getBytes(StandardCharsets.UTF_8)).toString());
        Path absolute = checkout.toAbsolutePath().normalize();
        if (absolute.getFileName() == null) {
            return Optional.of(absolute.resolve("rambla.history.jsonl"));
        }
        return Optional.of(absolute.resolveSibling(absolute.getFileName() + ".history.jsonl"));
    }
}
