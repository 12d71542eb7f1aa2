package io.rambla.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rambla.apply.AwsException;
import io.rambla.apply.CloudFormationStacks;
import io.rambla.plan.ChangeSet;
import io.rambla.plan.DesiredState;
import io.rambla.plan.LiveStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;

/**
 * CloudFormation in memory, for unit tests of the sync: change sets complete at once, executing
 * one gives the stack its desired tags and one output per output of its template, and the
 * failures a test queues for a stack come out of the next calls on it, converted by the real
 * adapter's {@link AwsException#classify} from the SDK's own exception.
 */
public final class InMemoryStacks implements CloudFormationStacks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, LiveStack> stacks = new ConcurrentHashMap<>();
    private final Map<String, DesiredState> pending = new ConcurrentHashMap<>();
    private final Map<String, Deque<AwsException>> failures = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> changeSets = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, StackFailure> rollbacks = new ConcurrentHashMap<>();
    private final Map<String, StackFailure> failed = new ConcurrentHashMap<>();
    private final List<String> tokens = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The desired state of the last change set asked for on each stack, executed or not. */
    private final Map<String, DesiredState> lastAskedFor = new ConcurrentHashMap<>();
    private volatile RuntimeException listingFailure;

    /** Every listing of the stacks from now on throws {@code failure}. */
    public void failListing(RuntimeException failure) {
        this.listingFailure = failure;
    }

    /** Puts the stack as executing the last change set asked for on it would: what a sync of the planned head leaves. */
    public void applyLastChangeSet(String stackName) {
        DesiredState desired = lastAskedFor.get(stackName);
        if (desired == null) {
            throw new IllegalStateException("no change set was asked for on " + stackName);
        }
        stacks.put(stackName, new LiveStack(stackName, "arn:stack/" + stackName, "CREATE_COMPLETE", null, desired.tags(), outputs(desired)));
    }

    /** The next {@code times} change sets of {@code stackName} fail with AWS error {@code code} (HTTP {@code status}). */
    public void fail(String stackName, int times, int status, String code, String message) {
        var error = CloudFormationException.builder().statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("CloudFormation").build())
                .build();
        var queue = failures.computeIfAbsent(stackName, k -> new ArrayDeque<>());
        synchronized (queue) {
            for (int i = 0; i < times; i++) {
                queue.add(AwsException.classify("CreateChangeSet", stackName, error));
            }
        }
    }

    /** Puts a stack as CloudFormation would show it, e.g. one another tool is updating. */
    public void put(LiveStack stack) {
        stacks.put(stack.name(), stack);
    }

    /** The next execution on {@code stackName} fails on {@code failure} and rolls back. */
    public void rollBack(String stackName, StackFailure failure) {
        rollbacks.put(stackName, failure);
    }

    /** The client request tokens of every execution and deletion, in order. */
    public List<String> tokens() {
        return List.copyOf(tokens);
    }

    /** SSM parameters naming AMIs, by {@code region parameter}; AWS's public one is there in every region. */
    private final Map<String, String> amis = new ConcurrentHashMap<>();

    /** Publishes {@code imageId} under SSM parameter {@code parameter} in {@code region}. */
    public void publishAmi(String region, String parameter, String imageId) {
        amis.put(region + " " + parameter, imageId);
    }

    @Override
    public io.rambla.plan.Amis.Lookup amiLookup() {
        return (region, parameter) -> amis.getOrDefault(region + " " + parameter,
                parameter.equals(io.rambla.schema.District.ClusterAmi.ECS_OPTIMIZED_AL2023) ? "ami-0aaaaaaaaaaaaaaaa" : null);
    }

    /** How many change sets were asked for on the stack, failed ones included. */
    public int changeSetsAskedFor(String stackName) {
        return changeSets.getOrDefault(stackName, new AtomicInteger()).get();
    }

    @Override
    public Optional<LiveStack> describe(String stackName) {
        return Optional.ofNullable(stacks.get(stackName));
    }

    private final List<Boolean> listings = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Whether each sync's listing asked for a full one ({@link CloudFormationStacks#listing}), in order. */
    public List<Boolean> listings() {
        return List.copyOf(listings);
    }

    @Override
    public List<LiveStack> listing(boolean full) {
        listings.add(full);
        return list();
    }

    @Override
    public List<LiveStack> list() {
        if (listingFailure != null) {
            throw listingFailure;
        }
        return new ArrayList<>(stacks.values());
    }

    @Override
    public ChangeSet createChangeSet(DesiredState desired, String changeSetName, boolean create) {
        changeSets.computeIfAbsent(desired.stackName(), k -> new AtomicInteger()).incrementAndGet();
        lastAskedFor.put(desired.stackName(), desired);
        var queue = failures.get(desired.stackName());
        if (queue != null) {
            synchronized (queue) {
                if (!queue.isEmpty()) {
                    throw queue.poll();
                }
            }
        }
        String id = "arn:changeSet/" + changeSetName + "/" + ids.incrementAndGet();
        pending.put(id, desired);
        return new ChangeSet(id, changeSetName, "CREATE_COMPLETE", "", false,
                List.of(new ChangeSet.ResourceChange(create ? "Add" : "Modify", "Resource", "AWS::CloudFormation::WaitConditionHandle", "False")));
    }

    @Override
    public void executeChangeSet(String changeSetId, String clientRequestToken) {
        tokens.add(clientRequestToken);
        DesiredState desired = pending.remove(changeSetId);
        boolean existed = stacks.containsKey(desired.stackName());
        StackFailure failure = rollbacks.remove(desired.stackName());
        if (failure != null) {
            LiveStack before = stacks.get(desired.stackName());
            stacks.put(desired.stackName(), new LiveStack(desired.stackName(), "arn:stack/" + desired.stackName(),
                    existed ? "UPDATE_ROLLBACK_COMPLETE" : "ROLLBACK_COMPLETE", null,
                    existed ? before.tags() : Map.of(), existed ? before.outputs() : Map.of()));
            failed.put(desired.stackName(), failure);
            return;
        }
        stacks.put(desired.stackName(), new LiveStack(desired.stackName(), "arn:stack/" + desired.stackName(),
                existed ? "UPDATE_COMPLETE" : "CREATE_COMPLETE", null, desired.tags(), outputs(desired)));
    }

    private static Map<String, String> outputs(DesiredState desired) {
        try {
            Map<String, String> outputs = new LinkedHashMap<>();
            JSON.readTree(desired.templateBody()).path("Outputs").fieldNames()
                    .forEachRemaining(key -> outputs.put(key, desired.stackName() + "-" + key));
            return outputs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void deleteChangeSet(String changeSetId) {
        pending.remove(changeSetId);
    }

    @Override
    public void deleteStack(String stackName, String clientRequestToken) {
        tokens.add(clientRequestToken);
        // CloudFormation takes the stack's name or its id.
        stacks.values().removeIf(s -> s.name().equals(stackName) || s.stackId().equals(stackName));
    }

    @Override
    public List<StackFailure> failuresSince(String stackName, Instant since) {
        StackFailure failure = failed.get(stackName);
        return failure == null ? List.of() : List.of(failure);
    }
}
