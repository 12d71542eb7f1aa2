package io.rambla.plan;

import io.rambla.render.ParameterValue;
import io.rambla.render.RenderedUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What planning knows of the live world: the live stacks by stack name, and the outputs each
 * unit's upstream units offer, by unit id.
 *
 * <p>Read from a listing ({@link #of}), the outputs are those of the units' live stacks; the sync,
 * which applies upstream units first, plans a unit against the outputs those applies returned
 * ({@link #withOutputs}).
 */
public record Snapshot(Map<String, LiveStack> stacks, Map<String, Map<String, String>> outputs) {

    public Snapshot {
        stacks = Map.copyOf(stacks);
        outputs = Map.copyOf(outputs);
    }

    /** The live stacks as listed, with the outputs of every unit whose stack stands. */
    public static Snapshot of(Collection<RenderedUnit> units, Collection<LiveStack> live) {
        Map<String, LiveStack> byName = new HashMap<>();
        live.forEach(stack -> byName.put(stack.name(), stack));
        Map<String, Map<String, String>> outputs = new HashMap<>();
        for (RenderedUnit unit : units) {
            usable(byName.get(unit.stack().stackName())).ifPresent(stack -> outputs.put(unit.id(), stack.outputs()));
        }
        return new Snapshot(byName, outputs);
    }

    /** The same stacks, with upstream outputs taken from {@code outputs} (by unit id) alone. */
    public Snapshot withOutputs(Map<String, Map<String, String>> outputs) {
        return new Snapshot(stacks, outputs);
    }

    /**
     * The same stacks, with the outputs of {@code outputs} that {@code unit}'s parameters read: what
     * {@link Planner#decide(RenderedUnit, Snapshot)} needs for that unit, without copying every
     * unit's outputs for each unit (a sync of n units would copy n² entries).
     */
    public Snapshot withOutputsFor(RenderedUnit unit, Map<String, Map<String, String>> outputs) {
        Map<String, Map<String, String>> read = new HashMap<>();
        for (ParameterValue value : unit.stack().parameters().values()) {
            if (value instanceof ParameterValue.UpstreamOutput upstream) {
                Map<String, String> offered = outputs.get(upstream.unitId());
                if (offered != null) {
                    read.put(upstream.unitId(), offered);
                }
            }
        }
        return new Snapshot(stacks, read);
    }

    /**
     * The stack named {@code stackName}, if one stands: a deleted stack, or one in
     * {@code REVIEW_IN_PROGRESS} (made only to hold a CREATE change set), is no stack for planning.
     */
    public Optional<LiveStack> stack(String stackName) {
        return usable(stacks.get(stackName));
    }

    private static Optional<LiveStack> usable(LiveStack stack) {
        if (stack == null || stack.deleted() || stack.stackStatus().reviewOnly()) {
            return Optional.empty();
        }
        return Optional.of(stack);
    }
}
