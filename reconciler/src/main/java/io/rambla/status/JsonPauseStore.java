package io.rambla.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single daemon's pauses: one JSON object (unit id → when and why), rewritten whole on every
 * change through a temporary file moved over the old one, so a crash leaves the old or the new set.
 * A file that does not parse is reported and read as no pauses rather than stopping the daemon;
 * entries that do not parse are skipped with a warning.
 */
public final class JsonPauseStore implements PauseStore {

    private static final Logger LOG = LoggerFactory.getLogger(JsonPauseStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Far more than any repository has units; a bigger file is not read into memory. */
    static final long MAX_BYTES = 1024 * 1024;

    private final Path file;

    public JsonPauseStore(Path file) {
        this.file = file.toAbsolutePath();
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized Map<String, PausedUnits.Pause> load() throws IOException {
        Map<String, PausedUnits.Pause> pauses = new TreeMap<>();
        if (!Files.exists(file)) {
            return pauses;
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException("pause file " + file + " is larger than " + MAX_BYTES + " bytes; not read");
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("pause file " + file + " does not parse: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException("pause file " + file + " holds no JSON object");
        }
        root.fields().forEachRemaining(field -> {
            try {
                JsonNode node = field.getValue();
                Instant at = Instant.parse(node.path("at").asText());
                String reason = node.hasNonNull("reason") ? node.get("reason").asText() : null;
                pauses.put(field.getKey(), new PausedUnits.Pause(at, reason));
            } catch (RuntimeException e) {
                LOG.warn("pause file {}: the pause of {} is skipped: {}", file, field.getKey(), e.getMessage());
            }
        });
        return pauses;
    }

    @Override
    public synchronized void put(String unitId, PausedUnits.Pause pause) throws IOException {
        Map<String, PausedUnits.Pause> pauses = loadForWrite();
        pauses.put(unitId, pause);
        write(pauses);
    }

    @Override
    public synchronized void remove(String unitId) throws IOException {
        Map<String, PausedUnits.Pause> pauses = loadForWrite();
        if (pauses.remove(unitId) != null) {
            write(pauses);
        }
    }

    /** A damaged file is replaced by what the daemon knows now rather than blocking every pause. */
    private Map<String, PausedUnits.Pause> loadForWrite() {
        try {
            return load();
        } catch (IOException e) {
            LOG.warn("{}; it is rewritten", e.getMessage());
            return new TreeMap<>();
        }
    }

    private void write(Map<String, PausedUnits.Pause> pauses) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        pauses.forEach((unit, pause) -> {
            ObjectNode node = root.putObject(unit);
            node.put("at", pause.at().toString());
            if (pause.reason() != null) {
                node.put("reason", pause.reason());
            }
        });
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public String toString() {
        return "file " + file;
    }
}
