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
 * A single daemon's approvals: one JSON object (unit id → approved commit and when), rewritten
 * whole on every approval through a temporary file moved over the old one, so a crash leaves the
 * old or the new set. A file too big or that does not parse is reported and read as no approvals
 * (a held unit then waits, the safe side); an entry whose commit is not 7 to 64 hex digits, whose
 * unit id is longer than {@value #MAX_UNIT_ID} characters, or that does not parse is skipped with a warning.
 */
public final class JsonApprovalStore implements ApprovalStore {

    private static final Logger LOG = LoggerFactory.getLogger(JsonApprovalStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Far more than any repository has units; a bigger file is not read into memory. */
    static final long MAX_BYTES = 1024 * 1024;
    /** As long as the cluster table's column. */
    static final int MAX_UNIT_ID = 400;

    private final Path file;

    public JsonApprovalStore(Path file) {
        this.file = file.toAbsolutePath();
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized Map<String, ApprovedUnits.Approved> load() throws IOException {
        Map<String, ApprovedUnits.Approved> approvals = new TreeMap<>();
        if (!Files.exists(file)) {
            return approvals;
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException("approval file " + file + " is larger than " + MAX_BYTES + " bytes; not read");
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("approval file " + file + " does not parse: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException("approval file " + file + " holds no JSON object");
        }
        root.fields().forEachRemaining(field -> {
            String unit = field.getKey();
            try {
                String revision = field.getValue().path("revision").asText();
                if (unit.length() > MAX_UNIT_ID || !ApprovedUnits.REVISION.matcher(revision).matches()) {
                    throw new IllegalArgumentException("not a unit id and a commit id");
                }
                approvals.put(unit, new ApprovedUnits.Approved(revision, Instant.parse(field.getValue().path("at").asText())));
            } catch (RuntimeException e) {
                LOG.warn("approval file {}: an approval is skipped: {}", file, e.getMessage());
            }
        });
        return approvals;
    }

    @Override
    public synchronized void put(String unitId, ApprovedUnits.Approved approval) throws IOException {
        Map<String, ApprovedUnits.Approved> approvals;
        try {
            approvals = load();
        } catch (IOException e) {
            LOG.warn("{}; it is rewritten", e.getMessage());
            approvals = new TreeMap<>();
        }
        approvals.put(unitId, approval);
        ObjectNode root = JSON.createObjectNode();
        approvals.forEach((unit, a) -> root.putObject(unit).put("revision", a.revision()).put("at", a.at().toString()));
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
