package io.rambla.run;

import java.util.Map;
import java.util.Optional;

/** The outputs of a live stack, read where it lives; empty when there is no such stack. */
@FunctionalInterface
public interface StackOutputs {

    Optional<Map<String, String>> of(String region, String stackName);

    /** {@code stack}'s run target, or a {@link RunException} saying the stack is missing or lacks outputs. */
    default RunTarget target(AppStack stack) {
        Map<String, String> outputs = of(stack.region(), stack.stackName()).orElseThrow(() -> new RunException("stack "
                + stack.stackName() + " of " + stack.unitId() + " does not exist in " + stack.region()
                + ": the app environment has not been deployed yet"));
        return RunTarget.of(stack.unitId(), stack.stackName(), stack.region(), outputs);
    }
}
