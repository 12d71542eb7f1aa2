package io.rambla.plan;

import io.rambla.render.StackTags;
import java.util.Optional;

/** Decides what a unit needs. Pure: values in, a value out. */
public final class Planner {

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
        if (stack.stackStatus().stuck()) {
            return new Decision.Stuck(stack.status(), stack.statusReason());
        }
        if (desired.hash().equals(stack.tag(StackTags.DESIRED_HASH))) {
            return new Decision.NoChange(stack.tag(StackTags.COMMIT));
        }
        return new Decision.Update();
    }
}
