package io.rambla.status;

import io.rambla.plan.DesiredState;
import java.util.List;

/**
 * Told about a sync as it happens, to report it elsewhere (commit statuses, metrics). Called on
 * the sync's thread: implementations must return quickly and never throw.
 */
public interface SyncListener {

    /** A revision is about to be reconciled; {@code unitIds} are the units it declares (empty when it does not validate). */
    default void syncStarted(String revision, List<String> unitIds) {}

    /**
     * The revision declares these units, in the order they are applied, each with the units it
     * depends on (by id).
     */
    default void unitsDeclared(String revision, java.util.Map<String, List<String>> dependsOn) {}

    /**
     * The units the revision declares, as read from git (district, endpoint or app environment,
     * each with its district), before any is applied: what a listener needs to route its reports.
     */
    default void unitsRendered(String revision, List<io.rambla.render.Unit> units) {}

    /** A unit reached a new state for this revision (APPLYING, then a final one). */
    default void unitChanged(String revision, UnitStatus status) {}

    /**
     * A unit's stack was brought to (or found at) its desired state.
     *
     * @param desired         the desired state without Rambla's bookkeeping tags
     * @param appliedRevision the commit the stack's {@code rambla:commit} tag now names
     */
    default void unitApplied(String unitId, DesiredState desired, String appliedRevision) {}

    /**
     * A unit held for approval at {@code heldRevision} was not approved before {@code newerRevision}
     * came: that commit's change of the unit will never be applied as it stood.
     */
    default void unitSuperseded(String heldRevision, String unitId, String newerRevision) {}

    /** Every unit of the revision has a final state. */
    default void syncFinished(String revision, List<UnitStatus> units) {}
}
