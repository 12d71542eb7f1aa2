package io.rambla.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rambla.apply.CloudFormationStacks;
import io.rambla.plan.ChangeSet;
import io.rambla.plan.DesiredState;
import io.rambla.plan.LiveStack;
import io.rambla.plan.PullRequestPlan;
import io.rambla.plan.RepositoryId;
import io.rambla.render.RenderedUnit;
import io.rambla.render.Renderer;
import io.rambla.schema.RepositoryLoader;
import io.rambla.source.JGitSource;
import io.rambla.support.GitFixture;
import io.rambla.support.InMemoryStacks;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plan reads the live stacks from one listing, not one DescribeStacks per unit, and caps the units that change. */
class ChangeSetPlannerTest {

    private static final RepositoryId OURS = new RepositoryId("https://git.example.com/team/infra.git");
    private static final int DISTRICTS = 8;

    @TempDir
    Path temp;

    private GitFixture git;

    @BeforeEach
    void aPullRequestOfEightDistricts() throws Exception {
        git = GitFixture.create(temp, "main");
        git.commitAndPush("base", Map.of("rambla.yml", "stack_prefix: it\n"));
        git.commitAndPushTo("refs/pull/9/head", "eight districts", districts(Map.of()));
    }

    /** The eight districts, each with its own CIDR unless {@code moved} gives it another second octet. */
    private static Map<String, String> districts(Map<Integer, Integer> moved) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 1; i <= DISTRICTS; i++) {
            files.put("districts/d" + i + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10." + moved.getOrDefault(i, i) + ".0.0/16\n");
        }
        return files;
    }

    private PullRequestPlan plan(CloudFormationStacks aws, String checkout) throws Exception {
        return new ChangeSetReview(new JGitSource(git.url(), "main", temp.resolve(checkout)), aws, stack -> List.of(), OURS,
                new ChangeSetReview.Limits(100, 2_000, 4)).review(9, null).plan();
    }

    @Test
    void thePlanReadsTheLiveStacksFromOneListingAndDescribesNoStackItUpdates() throws Exception {
        var memory = new InMemoryStacks();
        plan(memory, "first");
        for (int i = 1; i <= DISTRICTS; i++) {
            memory.applyLastChangeSet("it-district-d" + i);
        }
        git.commitAndPushTo("refs/pull/9/head", "move two districts", districts(Map.of(2, 102, 5, 105)));
        var counting = new Counting(memory);

        PullRequestPlan plan = plan(counting, "second");

        assertThat(plan.changing()).extracting(PullRequestPlan.UnitPlan::unitId).containsExactly("district/d2", "district/d5");
        assertThat(plan.unchanging()).hasSize(DISTRICTS - 2);
        assertThat(counting.listings.get()).as("one listing for the whole plan, the prune check included").isEqualTo(1);
        assertThat(counting.describes.get()).as("no DescribeStacks per stack").isZero();
        assertThat(memory.changeSetsAskedFor("it-district-d2")).isEqualTo(2);
        assertThat(memory.changeSetsAskedFor("it-district-d1")).as("unchanged by its desired-hash tag").isEqualTo(1);
    }

    @Test
    void theSamePlanWhetherTheLiveStacksComeFromTheListingOrFromADescribeEach() throws Exception {
        var memory = new InMemoryStacks();
        plan(memory, "first");
        IntStream.of(1, 3, 4).forEach(i -> memory.applyLastChangeSet("it-district-d" + i));
        memory.put(new LiveStack("it-district-d6", "arn:d6", "UPDATE_IN_PROGRESS", null, Map.of(), Map.of()));
        memory.put(new LiveStack("it-district-d7", "arn:d7", "ROLLBACK_COMPLETE", null, Map.of(), Map.of()));
        git.commitAndPushTo("refs/pull/9/head", "move d3", districts(Map.of(3, 103)));

        PullRequestPlan fromListing = plan(memory, "listing");
        PullRequestPlan fromDescribes = plan(new DescribeEach(memory), "describes");

        assertThat(fromListing).isEqualTo(fromDescribes);
        assertThat(fromListing.units()).filteredOn(u -> u.unitId().equals("district/d6")).singleElement()
                .satisfies(u -> assertThat(u.note()).contains("UPDATE_IN_PROGRESS"));
    }

    @Test
    void theLiveStacksOfAPlanAreTheUnitsOwnLeavingOutOthersAndDeletedOnes() throws Exception {
        List<RenderedUnit> units = render();
        List<LiveStack> listed = new ArrayList<>(List.of(
                new LiveStack("it-district-d1", "arn:1", "CREATE_COMPLETE", null, Map.of(), Map.of()),
                new LiveStack("it-district-d2", "arn:2-old", "DELETE_COMPLETE", null, Map.of(), Map.of()),
                new LiveStack("someone-elses-stack", "arn:x", "CREATE_COMPLETE", null, Map.of(), Map.of()),
                new LiveStack("it-district-d3", "arn:3", "REVIEW_IN_PROGRESS", null, Map.of(), Map.of())));

        Map<String, LiveStack> live = ChangeSetPlanner.liveOf(units, listed);

        assertThat(live).containsOnlyKeys("it-district-d1", "it-district-d3");
        assertThat(ChangeSetPlanner.liveOf(units, List.of())).isEmpty();
        assertThat(ChangeSetPlanner.liveOf(List.of(), listed)).isEmpty();
    }

    @Test
    void theRefusalNamesTheCountTheFirstFiveUnitsAndTheSetting() {
        List<String> many = IntStream.rangeClosed(1, 1_000).mapToObj(i -> "app/a" + i + "/production").toList();

        String refusal = ChangeSetPlanner.tooManyChanging(many, 1_002, 200);

        assertThat(refusal).contains("changes 1000 of its 1002 units (app/a1/production, app/a2/production, app/a3/production, "
                + "app/a4/production, app/a5/production and 995 more)", "at most 200 changed units", "rambla.review.max-units");
        assertThat(refusal).doesNotContain("app/a6/production").hasSizeLessThan(400);
        assertThat(ChangeSetPlanner.tooManyChanging(List.of("district/a", "district/b"), 2, 1)).contains("(district/a, district/b)")
                .doesNotContain("more");
    }

    @Test
    void aCapBelowOneIsRefused() {
        var memory = new InMemoryStacks();
        assertThatThrownBy(() -> new ChangeSetPlanner(memory, stack -> List.of(), (u, s) -> {}, 100, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new ChangeSetReview.Limits(0, 100)).hasMessageContaining("rambla.review.max-units");
    }

    private List<RenderedUnit> render() throws Exception {
        var checkout = new JGitSource(git.url(), "main", temp.resolve("render")).fetchRef("refs/pull/9/head");
        var loaded = RepositoryLoader.load(checkout.directory());
        return new Renderer(loaded.repository().settings().stackPrefix()).render(loaded.repository());
    }

    /** Counts listings and single-stack reads, passing everything on. */
    private static class Counting implements CloudFormationStacks {
        final CloudFormationStacks delegate;
        final AtomicInteger listings = new AtomicInteger();
        final AtomicInteger describes = new AtomicInteger();

        Counting(CloudFormationStacks delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<LiveStack> describe(String stackName) {
            describes.incrementAndGet();
            return delegate.describe(stackName);
        }

        @Override
        public List<LiveStack> list() {
            listings.incrementAndGet();
            return delegate.list();
        }

        @Override
        public List<LiveStack> listing(boolean full) {
            listings.incrementAndGet();
            return delegate.listing(full);
        }

        @Override
        public io.rambla.plan.Amis.Lookup amiLookup() {
            return delegate.amiLookup();
        }

        @Override
        public ChangeSet createChangeSet(DesiredState desired, String changeSetName, boolean create) {
            return delegate.createChangeSet(desired, changeSetName, create);
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
    }

    /** The way plans read stacks before: its listing is a DescribeStacks of each stack it knows by name. */
    private static final class DescribeEach extends Counting {
        private final InMemoryStacks memory;

        DescribeEach(InMemoryStacks memory) {
            super(memory);
            this.memory = memory;
        }

        @Override
        public List<LiveStack> listing(boolean full) {
            List<LiveStack> read = new ArrayList<>();
            for (int i = 1; i <= DISTRICTS; i++) {
                memory.describe("it-district-d" + i).ifPresent(read::add);
            }
            return read;
        }
    }
}
