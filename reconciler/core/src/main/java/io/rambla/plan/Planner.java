package io.rambla.plan;

import java.util.Optional;
import java.util.Set;

/** Decides what a unit needs. Pure: values in, a value out. */
public final class Planner {

    public static final String TAG_DESIRED_HASH = "rambla:desired-hash";
    public static final String TAG_COMMIT = "rambla:commit";

    private static final Set<String> STUCK = Set.of("DELETE_FAILED", "UPDATE_ROLLBACK_FAILED", "IMPORT_ROLLBACK_FAILED");

    private Planner() {}

    public static Decision decide(DesiredState desired, Optional<LiveStack> live) {
        if (live.isEmpty() || live.get().deleted()) {
            return new Decision.Create();
        }
        LiveStack stack = live.get();
        if (stack.inProgress()) {
            return new Decision.WaitForOperation(stack.status());
        }
        if (stack.failedCreation()) {
            return new Decision.DeleteFailedThenCreate(stack.status());
        }
        if (STUCK.contains(stack.status())) {
            return new Decision.Stuck(stack.status(), stack.statusReason());
        }
        if (desired.hash().equals(stack.tag(TAG_DESIRED_HASH))) {
            return new Decision.NoChange(stack.tag(TAG_COMMIT));
        }
        return new Decision.Update();
    }
}
