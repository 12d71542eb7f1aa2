package io.rambla.apply;

import io.rambla.plan.ChangeSet;
import io.rambla.plan.LiveStack;
import io.rambla.retry.Backoff;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The one way a change set is run, for applying a unit and for reverting drift: create it and
 * tell an empty or failed one apart, execute it with an idempotency token, wait for the stack to
 * settle, and explain a failure with the reasons CloudFormation gave.
 */
public final class ChangeSetRunner {

    private static final int MAX_FAILURES_REPORTED = 3;

    private final CloudFormationStacks stacks;
    private final Backoff backoff;
    private final Duration operationTimeout;
    private final Clock clock;
    /** Shared by every unit this runner waits for, so one listing per poll round serves them all. */
    private final SettleRounds rounds;

    public ChangeSetRunner(CloudFormationStacks stacks, Backoff backoff, Duration operationTimeout, Clock clock) {
        this.stacks = stacks;
        this.backoff = backoff;
        this.operationTimeout = operationTimeout;
        this.clock = clock;
        this.rounds = new SettleRounds(stacks, backoff, clock);
    }

    /** A computed change set: nothing to do, refused by CloudFormation, or ready to execute. */
    public sealed interface Computed {
        ChangeSet changeSet();

        /** CloudFormation found no changes; the change set is already deleted. */
        record Empty(ChangeSet changeSet) implements Computed {}

        /** CloudFormation could not compute it; {@code message} says why. */
        record Failed(ChangeSet changeSet, String message) implements Computed {}

        record Ready(ChangeSet changeSet) implements Computed {}
    }

    /** How an executed change set ended: the stack afterwards (empty when it is gone), and when it started. */
    public record Execution(Optional<LiveStack> after, Instant started) {}

    public Duration operationTimeout() {
        return operationTimeout;
    }

    /** Creates the change set with {@code create} and sorts the answer; an empty one is deleted at once. */
    public Computed compute(Supplier<ChangeSet> create) {
        ChangeSet changeSet = create.get();
        if (changeSet.empty()) {
            stacks.deleteChangeSet(changeSet.id());
            return new Computed.Empty(changeSet);
        }
        if (!changeSet.status().equals("CREATE_COMPLETE")) {
            return new Computed.Failed(changeSet, "change set " + changeSet.name() + " " + changeSet.status() + ": " + changeSet.statusReason());
        }
        return new Computed.Ready(changeSet);
    }

    /** Executes a ready change set with the token and waits for the stack's outcome. */
    public Execution execute(ChangeSet changeSet, String stackName, String token) {
        Instant started = clock.instant().minusSeconds(1);
        stacks.executeChangeSet(changeSet.id(), token);
        return new Execution(awaitOutcome(stackName), started);
    }

    /**
     * Waits for an executed change set's outcome. A stack may pause in CREATE_FAILED or
     * UPDATE_FAILED on its way to rolling back (the emulator shows this; AWS moves straight on):
     * the outcome is the rollback's end, so wait a little longer for it.
     */
    public Optional<LiveStack> awaitOutcome(String stackName) {
        Optional<LiveStack> live = awaitSettled(stackName);
        for (int attempt = 0; attempt < 10 && live.isPresent()
                && live.get().stackStatus().failedBeforeRollback(); attempt++) {
            backoff.sleep(attempt);
            live = awaitSettled(stackName);
        }
        return live;
    }

    /** Waits, with backoff, until no operation runs on the stack, or the operation timeout has passed. */
    public Optional<LiveStack> awaitSettled(String stackName) {
        Instant deadline = clock.instant().plus(operationTimeout);
        if (stacks.listsBusyStacks()) {
            return rounds.awaitSettled(stackName, deadline);
        }
        int attempt = 0;
        while (true) {
            Optional<LiveStack> live = stacks.describe(stackName);
            if (live.isEmpty() || !live.get().inProgress() || clock.instant().isAfter(deadline)) {
                return live;
            }
            backoff.sleep(attempt++);
        }
    }

    /** The first failures CloudFormation recorded on the stack since {@code since}, joined; empty when it recorded none. */
    public Optional<String> failureReasons(String stackName, Instant since) {
        return reasons(stacks.failuresSince(stackName, since));
    }

    /** The first failures, joined; empty when there are none. */
    public static Optional<String> reasons(java.util.List<CloudFormationStacks.StackFailure> failures) {
        return failures.isEmpty() ? Optional.empty()
                : Optional.of(failures.stream().limit(MAX_FAILURES_REPORTED).map(Object::toString).collect(Collectors.joining("; ")));
    }

    /**
     * The same action, unit and key (a commit, a desired state, a drift check) always give the
     * same token, so CloudFormation ignores a repeated request instead of running it twice.
     */
    public static String token(String action, String unitId, String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((action + "\n" + unitId + "\n" + key).getBytes(StandardCharsets.UTF_8));
            return "rambla-" + action + "-" + HexFormat.of().formatHex(digest).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
