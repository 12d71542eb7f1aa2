package io.rambla.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single daemon's history: one JSON object per line, appended to a file. When the file grows
 * past {@code maxBytes} it is rewritten with only each unit's newest entries (to a temporary file
 * moved over it, so a crash leaves the old or the new one). Lines that do not parse, such as a
 * last line cut short by a crash, are skipped with a warning; the next entry starts a line of its own.
 */
public final class JsonLinesHistoryStore implements HistoryStore {

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesHistoryStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Room for a few thousand entries before the file is compacted. */
    public static final long DEFAULT_MAX_BYTES = 4L * 1024 * 1024;

    private final Path file;
    private final long maxBytes;

    public JsonLinesHistoryStore(Path file, long maxBytes) {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("a history file needs at least 1024 bytes, got " + maxBytes);
        }
        this.file = file.toAbsolutePath();
        this.maxBytes = maxBytes;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void append(String unitId, UnitHistory.Entry entry, int perUnit) throws IOException {
        Files.createDirectories(file.getParent());
        boolean cutShort = endsMidLine();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
            if (cutShort) {
                // A crash cut the last line short: end it, so that it alone is lost, not this entry too.
                out.write('\n');
            }
            out.write(line(unitId, entry));
            out.write('\n');
        }
        if (Files.size(file) > maxBytes) {
            compact(perUnit);
        }
    }

    private boolean endsMidLine() throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return false;
        }
        try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.READ)) {
            var last = java.nio.ByteBuffer.allocate(1);
            channel.read(last, channel.size() - 1);
            return last.get(0) != '\n';
        }
    }

    @Override
    public synchronized Map<String, List<UnitHistory.Entry>> load(int perUnit) throws IOException {
        Map<String, Deque<UnitHistory.Entry>> units = read(perUnit);
        Map<String, List<UnitHistory.Entry>> newestFirst = new LinkedHashMap<>();
        units.forEach((id, entries) -> newestFirst.put(id, List.copyOf(entries)));
        return newestFirst;
    }

    /** Each unit's newest entries, newest first. */
    private Map<String, Deque<UnitHistory.Entry>> read(int perUnit) throws IOException {
        Map<String, Deque<UnitHistory.Entry>> units = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return units;
        }
        int lineNumber = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                String unit = node.path("unit").asText(null);
                if (unit == null || unit.isEmpty()) {
                    throw new IllegalArgumentException("no unit");
                }
                Deque<UnitHistory.Entry> entries = units.computeIfAbsent(unit, k -> new ArrayDeque<>());
                entries.addFirst(entry(node));
                while (entries.size() > perUnit) {
                    entries.removeLast();
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("history file {} line {} skipped: {}", file, lineNumber, e.getMessage());
            }
        }
        return units;
    }

    private void compact(int perUnit) throws IOException {
        Map<String, Deque<UnitHistory.Entry>> units = read(perUnit);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            for (var unit : units.entrySet()) {
                List<UnitHistory.Entry> oldestFirst = new ArrayList<>(unit.getValue());
                java.util.Collections.reverse(oldestFirst);
                for (UnitHistory.Entry entry : oldestFirst) {
                    out.write(line(unit.getKey(), entry));
                    out.write('\n');
                }
            }
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        LOG.debug("history file {} compacted to {} bytes", file, Files.size(file));
    }

    static String line(String unitId, UnitHistory.Entry entry) {
        ObjectNode node = JSON.createObjectNode();
        node.put("unit", unitId);
        node.put("at", entry.at().toString());
        node.put("state", entry.state().name());
        node.put("revision", entry.revision());
        node.put("message", entry.message());
        if (entry.duration() != null) {
            node.put("durationMillis", entry.duration().toMillis());
        }
        return node.toString();
    }

    static UnitHistory.Entry entry(JsonNode node) {
        Duration duration = node.hasNonNull("durationMillis") ? Duration.ofMillis(node.get("durationMillis").asLong()) : null;
        return new UnitHistory.Entry(Instant.parse(node.path("at").asText()), UnitState.valueOf(node.path("state").asText()),
                node.path("revision").asText(null), node.path("message").asText(null), duration);
    }

    @Override
    public String toString() {
        return "file " + file;
    }
}
