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

    /**
     * A single daemon keeps its pauses beside its history: {@code rambla.pauses.file}, or else the
     * history file's name with {@code .pauses.json} for {@code .history.jsonl}. Without a repository
     * to follow there is nothing to pause.
     */
    @Singleton
    @Secondary
    PauseStore localPauses(@Value("${rambla.pauses.file:}") String file, @Value("${rambla.history.file:}") String history,
            @Value("${rambla.git.url:}") String url, @Value("${rambla.git.workdir:}") String workdir) {
        return pauseFile(file, history, url, workdir).<PauseStore>map(JsonPauseStore::new).orElseGet(PauseStore::none);
    }

    static Optional<Path> pauseFile(String file, String history, String url, String workdir) {
        return besideHistory(file, history, url, workdir, ".pauses.json");
    }

    /**
     * A single daemon keeps its approvals beside its history too: {@code rambla.approvals.file}, or
     * else the history file's name with {@code .approvals.json} for {@code .history.jsonl}.
     */
    @Singleton
    @Secondary
    ApprovalStore localApprovals(@Value("${rambla.approvals.file:}") String file, @Value("${rambla.history.file:}") String history,
            @Value("${rambla.git.url:}") String url, @Value("${rambla.git.workdir:}") String workdir) {
        return approvalFile(file, history, url, workdir).<ApprovalStore>map(JsonApprovalStore::new).orElseGet(ApprovalStore::none);
    }

    static Optional<Path> approvalFile(String file, String history, String url, String workdir) {
        return besideHistory(file, history, url, workdir, ".approvals.json");
    }

    private static Optional<Path> besideHistory(String file, String history, String url, String workdir, String suffix) {
        if (!file.isBlank()) {
            return Optional.of(Path.of(file));
        }
        return historyFile(history, url, workdir).map(path -> {
            String name = path.getFileName().toString();
            String base = name.endsWith(".history.jsonl") ? name.substring(0, name.length() - ".history.jsonl".length()) : name;
            return path.toAbsolutePath().resolveSibling(base + suffix);
        });
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
