package io.rambla.status;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Operators' approvals of held units (rambla.yml's {@code approval}): one per unit, for one commit.
 * An approval of another commit than the one being applied lets nothing through, so a newer commit
 * is judged afresh. Every approval bumps {@link #version()}, so the sync looks at the commit it held
 * again. Kept in this daemon's memory: after a restart a held unit waits for a new approval, which
 * errs on the safe side.
 */
@Singleton
public class ApprovedUnits {

    /** The commit an operator approved for a unit, and when. */
    public record Approved(String revision, Instant at) {}

    private final Map<String, Approved> approved = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();

    /** Approves the unit at {@code revision}, replacing an approval of another commit; true when it is new. */
    public boolean approve(String unitId, String revision, Instant at) {
        Approved earlier = approved.put(unitId, new Approved(revision, at));
        boolean added = earlier == null || !earlier.revision().equals(revision);
        if (added) {
            version.incrementAndGet();
        }
        return added;
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
