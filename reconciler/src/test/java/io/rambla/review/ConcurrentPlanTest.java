package io.rambla.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rambla.apply.CloudFormationStacks;
import io.rambla.apply.CloudFormationStacks.StackFailure;
import io.rambla.plan.ChangeSet;
import io.rambla.plan.DesiredState;
import io.rambla.plan.LiveStack;
import io.rambla.plan.PullRequestPlan;
import io.rambla.plan.RepositoryId;
import io.rambla.source.JGitSource;
import io.rambla.support.GitFixture;
import io.rambla.support.InMemoryStacks;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pull request's stacks read and change sets made several at once ({@code rambla.review.concurrency}): the same plan, sooner. */
class ConcurrentPlanTest {

    private static final RepositoryId OURS = new RepositoryId("https://git.example.com/team/infra.git");
    private static final int DISTRICTS = 12;

    @TempDir
    Path temp;

    private GitFixture git;

    @BeforeEach
    void aPullRequestOfTwelveDistricts() throws Exception {
        git = GitFixture.create(temp, "main");
        git.commitAndPush("base", Map.of("rambla.yml", "stack_prefix: it\n"));
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 1; i <= DISTRICTS; i++) {
            files.put("districts/d" + i + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10." + i + ".0.0/16\n");
        }
        git.commitAndPushTo("refs/pull/9/head", "twelve districts", files);
    }

    private PullRequestPlan plan(CloudFormationStacks aws, ChangeSetReview.Limits limits, String checkout) throws Exception {
        return new ChangeSetReview(new JGitSource(git.url(), "main", temp.resolve(checkout)), aws, stack -> List.of(), OURS, limits)
                .review(9, null).plan();
    }

    @Test
    void aPlanMadeFourAtATimeIsThePlanMadeOneAtATime() throws Exception {
        var one = new InMemoryStacks();
        var four = new InMemoryStacks();
        one.put(live("it-district-d3"));
        four.put(live("it-district-d3"));

        PullRequestPlan serial = plan(one, new ChangeSetReview.Limits(100, 2_000, 1), "one");
        PullRequestPlan parallel = plan(four, new ChangeSetReview.Limits(100, 2_000, 4), "four");

        assertThat(parallel.units()).hasSize(DISTRICTS).isEqualTo(serial.units());
        assertThat(parallel).isEqualTo(serial);
        for (int i = 1; i <= DISTRICTS; i++) {
            assertThat(four.changeSetsAskedFor("it-district-d" + i)).as("d%d", i).isEqualTo(1);
        }
    }

    @Test
    void theCallBudgetStopsTheSameUnitsWhateverTheConcurrency() throws Exception {
        // One listing of the live stacks, then room for exactly five change sets.
        int budget = ChangeSetPlanner.CALLS_TO_READ_STACKS + 5 * ChangeSetPlanner.CALLS_PER_CHANGE_SET;
        var one = new InMemoryStacks();
        var eight = new InMemoryStacks();

        PullRequestPlan serial = plan(one, new ChangeSetReview.Limits(100, budget, 1), "one");
        PullRequestPlan parallel = plan(eight, new ChangeSetReview.Limits(100, budget, 8), "eight");

        assertThat(parallel.failed()).hasSize(DISTRICTS - 5);
        assertThat(parallel.units()).isEqualTo(serial.units());
        int asked = 0;
        for (int i = 1; i <= DISTRICTS; i++) {
            assertThat(eight.changeSetsAskedFor("it-district-d" + i)).isEqualTo(one.changeSetsAskedFor("it-district-d" + i));
            asked += eight.changeSetsAskedFor("it-district-d" + i);
        }
        assertThat(asked).isEqualTo(5);
    }

    @Test
    void changeSetsAreMadeSeveralAtOnceButNeverMoreThanTheConcurrency() throws Exception {
        var overlapping = new Overlapping(new InMemoryStacks(), 3);

        PullRequestPlan plan = plan(overlapping, new ChangeSetReview.Limits(100, 2_000, 3), "three");

        assertThat(plan.failed()).isEmpty();
        assertThat(overlapping.allMet).as("three change sets in flight at once").isTrue();
        assertThat(overlapping.peak.get()).isEqualTo(3);
    }

    @Test
    void aChangeSetAwsRefusesIsShownOnItsUnitWhileTheOthersArePlanned() throws Exception {
        var aws = new InMemoryStacks();
        aws.fail("it-district-d5", 1, 400, "ValidationError", "Template format error");

        PullRequestPlan plan = plan(aws, new ChangeSetReview.Limits(100, 2_000, 4), "refused");

        assertThat(plan.failed()).singleElement().satisfies(u -> assertThat(u.note()).contains("could not make a change set",
                "Template format error"));
        assertThat(plan.units()).hasSize(DISTRICTS);
    }

    @Test
    void aConcurrencyOutsideOneToSixtyFourIsRefused() {
        assertThatThrownBy(() -> new ChangeSetReview.Limits(1, 1, 0)).hasMessageContaining("rambla.review.concurrency");
        assertThatThrownBy(() -> new ChangeSetReview.Limits(1, 1, 65)).hasMessageContaining("rambla.review.concurrency");
        assertThat(new ChangeSetReview.Limits(1, 1).concurrency()).isEqualTo(ChangeSetReview.Limits.STANDARD_CONCURRENCY);
    }

    private static LiveStack live(String name) {
        return new LiveStack(name, "arn:" + name, "CREATE_COMPLETE", null, Map.of(), Map.of());
    }

    /** Holds the first {@code expected} change sets until that many are in flight at once (bounded wait), and records the peak. */
    private static final class Overlapping implements CloudFormationStacks {
        private final InMemoryStacks delegate;
        private final CountDownLatch together;
        private final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        volatile boolean allMet = true;

        Overlapping(InMemoryStacks delegate, int expected) {
            this.delegate = delegate;
            this.together = new CountDownLatch(expected);
        }

        @Override
        public ChangeSet createChangeSet(DesiredState desired, String changeSetName, boolean create) {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                together.countDown();
                if (!together.await(20, TimeUnit.SECONDS)) {
                    allMet = false;
                }
                return delegate.createChangeSet(desired, changeSetName, create);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public Optional<LiveStack> describe(String stackName) {
            return delegate.describe(stackName);
        }

        @Override
        public List<LiveStack> list() {
            return delegate.list();
        }

        @Override
        public void executeChangeSet(String changeSetId, String clientRequestToken) {
            delegate.executeChangeSet(changeSetId, clientRequestToken);
        }

        @Override
        public void deleteChangeSet(String changeSetId) {
            delegate.deleteChangeSet(changeSetId);
        }

        @Override
        public void deleteStack(String stackName, String clientRequestToken) {
            delegate.deleteStack(stackName, clientRequestToken);
        }

        @Override
        public List<StackFailure> failuresSince(String stackName, Instant since) {
            return delegate.failuresSince(stackName, since);
        }

        @Override
        public io.rambla.plan.Amis.Lookup amiLookup() {
            return delegate.amiLookup();
        }
    }
}
