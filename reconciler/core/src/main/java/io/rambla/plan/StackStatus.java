package io.rambla.plan;

import java.util.Objects;
import java.util.Set;

/**
 * A stack's status in CloudFormation's words ({@code UPDATE_COMPLETE}, {@code ROLLBACK_COMPLETE},
 * …), with what Rambla needs to know of it asked by name instead of compared as text in every
 * caller. Kept as the name CloudFormation gave, so a status added later still reads as itself.
 */
public record StackStatus(String name) {

    private static final Set<String> FAILED_CREATION = Set.of("ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "CREATE_FAILED");
    private static final Set<String> STUCK = Set.of("DELETE_FAILED", "UPDATE_ROLLBACK_FAILED", "IMPORT_ROLLBACK_FAILED");

    public StackStatus {
        Objects.requireNonNull(name, "name");
    }

    public static StackStatus of(String name) {
        return new StackStatus(name);
    }

    /** An operation runs on the stack; no other may start until it ends. */
    public boolean inProgress() {
        return name.endsWith("_IN_PROGRESS");
    }

    /** A creation that failed and rolled back: the stack holds nothing and can only be deleted. */
    public boolean failedCreation() {
        return FAILED_CREATION.contains(name);
    }

    /** A state no change set can fix; a person must look. */
    public boolean stuck() {
        return STUCK.contains(name);
    }

    public boolean deleted() {
        return name.equals("DELETE_COMPLETE");
    }

    public boolean deleting() {
        return name.equals("DELETE_IN_PROGRESS");
    }

    /** A create or update that ended well. */
    public boolean applied() {
        return name.equals("CREATE_COMPLETE") || name.equals("UPDATE_COMPLETE");
    }

    public boolean updated() {
        return name.equals("UPDATE_COMPLETE");
    }

    /** A stack that failed a create or update and is about to roll back (the emulator pauses here; AWS moves straight on). */
    public boolean failedBeforeRollback() {
        return name.equals("CREATE_FAILED") || name.equals("UPDATE_FAILED");
    }

    /** Made only to hold a CREATE change set that was never executed: for planning, no stack. */
    public boolean reviewOnly() {
        return name.equals("REVIEW_IN_PROGRESS");
    }

    @Override
    public String toString() {
        return name;
    }
}
