package io.rambla.status;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operators' approvals of held units (rambla.yml's {@code approval}): one per unit, for one commit.
 * An approval of another commit than the one being applied lets nothing through, so a newer commit
 * is judged afresh. Every approval bumps {@link #version()}, so the sync looks at the commit it held
 * again. Kept in an {@link ApprovalStore} (a file beside the history, or the cluster's database), so
 * a restart keeps every approval; {@link #refresh()} takes in approvals made through another daemon
 * of the cluster.
 */
@Singleton
public class ApprovedUnits {

    private static final Logger LOG = LoggerFactory.getLogger(ApprovedUnits.class);
    /** A commit id as approvals name it. */
    static final Pattern REVISION = Pattern.compile("[0-9a-f]{7,64}");

    /** The commit an operator approved for a unit, and when. */
    public record Approved(String revision, Instant at) {}

    /** The approval is in force in this daemon, but the store did not keep it: a restart forgets it. */
    public static final class NotKept extends RuntimeException {
        NotKept(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Map<String, Approved> approved = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    private final ApprovalStore store;

    /** Approvals kept in memory only. */
    public ApprovedUnits() {
        this(ApprovalStore.none());
    }

    /** Loads what {@code store} kept; a store that cannot be read starts with no approval (held units wait), with an error logged. */
    @Inject
    public ApprovedUnits(ApprovalStore store) {
        this.store = store;
        try {
            approved.putAll(store.load());
            if (!approved.isEmpty()) {
                LOG.info("{} approval(s) loaded from {}: {}", approved.size(), store, new TreeMap<>(approved).keySet());
            }
        } catch (Exception e) {
            LOG.error("cannot read the approvals from {}; starting with none: {}", store, e.getMessage());
        }
    }

    /**
     * Approves the unit at {@code revision}, replacing an approval of another commit; true when it is new.
     *
     * @throws NotKept when the approval is in force but the store failed to keep it
     */
    public synchronized boolean approve(String unitId, String revision, Instant at) {
        Approved earlier = approved.get(unitId);
        if (earlier != null && earlier.revision().equals(revision)) {
            return false;
        }
        Approved approval = new Approved(revision, at);
        approved.put(unitId, approval);
        version.incrementAndGet();
        try {
            store.put(unitId, approval);
        } catch (Exception e) {
            throw new NotKept("approved, but " + store + " did not keep it (a restart forgets it): " + e.getMessage(), e);
        }
        return true;
    }

    /**
     * Reads the store again and takes over its approvals, so a cluster's daemons agree on them; a
     * store that cannot be read leaves the approvals as they were.
     */
    public synchronized void refresh() {
        if (store == ApprovalStore.none()) {
            return;
        }
        Map<String, Approved> stored;
        try {
            stored = store.load();
        } catch (Exception e) {
            LOG.warn("cannot read the approvals from {}; keeping the ones this daemon knows: {}", store, e.getMessage());
            return;
        }
        boolean changed = false;
        for (Map.Entry<String, Approved> entry : stored.entrySet()) {
            Approved known = approved.get(entry.getKey());
            if (known == null || !known.equals(entry.getValue())) {
                approved.put(entry.getKey(), entry.getValue());
                changed = true;
            }
        }
        if (changed) {
            version.incrementAndGet();
        }
    }

    /** Whether an operator approved this unit at exactly this commit. */
    public boolean approved(String unitId, String revision) {
        Approved approval = approved.get(unitId);
        return approval != null && approval.revision().equals(revision);
    }

    public Optional<Approved> get(String unitId) {
        return Optional.ofNullable(approved.get(unitId));
    }

    public Map<String, Approved> all() {
        return new TreeMap<>(approved);
    }

    public long version() {
        return version.get();
    }
}
