package io.rambla.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.apply.CloudFormationStacks.StackFailure;
import io.rambla.plan.ChangeSet;
import io.rambla.plan.DesiredState;
import io.rambla.plan.LiveStack;
import io.rambla.plan.LiveTemplate;
import io.rambla.plan.ResourcePlan;
import io.rambla.plan.UnitChanges;
import io.rambla.plan.ValueChange;
import io.rambla.render.StackTags;
import io.rambla.retry.Backoff;
import io.rambla.support.InMemoryStacks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the applier tells about each change set it executes: the plan model, with values before → after, and failures. */
class AppliedChangesTest {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final String NEXT = "fedcba9876543210fedcba9876543210fedcba98";
    private static final String V1 = "{\"Resources\":{\"Queue\":{\"Type\":\"AWS::SQS::Queue\",\"Properties\":{\"DelaySeconds\":5}}}}";
    private static final String V2 = "{\"Resources\":{\"Queue\":{\"Type\":\"AWS::SQS::Queue\",\"Properties\":{\"DelaySeconds\":30}}}}";

    record Told(String unitId, String revision, boolean applied, UnitChanges changes, List<StackFailure> failures) {}

    private final InMemoryStacks memory = new InMemoryStacks();
    private final List<Told> told = new ArrayList<>();
    private final Templates aws = new Templates(memory);
    private final StackApplier applier = new StackApplier(aws, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), 1.0),
            Duration.ofMinutes(1), BeforeDeploy.switchedOff(), (u, r, a, c, f) -> told.add(new Told(u, r, a, c, f)));

    private static DesiredState desired(String template) {
        return new DesiredState("rambla-app-shop-production", template, Map.of(), Map.of(StackTags.UNIT, "app/shop/production"));
    }

    @Test
    void aCreationTellsEveryResourceAdded() {
        applier.apply(desired(V1), "app/shop/production", COMMIT);

        assertThat(told).hasSize(1);
        Told creation = told.get(0);
        assertThat(creation.applied()).isTrue();
        assertThat(creation.revision()).isEqualTo(COMMIT);
        assertThat(creation.changes().action()).isEqualTo(UnitChanges.StackAction.CREATE);
        // The in-memory change set names one resource of its own; the template's Queue comes from the tree diff.
        assertThat(creation.changes().resources()).extracting(ResourcePlan::logicalId, ResourcePlan::action)
                .contains(org.assertj.core.groups.Tuple.tuple("Queue", ResourcePlan.Action.ADD));
        assertThat(aws.templatesRead).as("a new stack has no live template to read").isZero();
    }

    @Test
    void anUpdateTellsEachPropertyBeforeAndAfterFromTheTemplateLiveBeforeTheChange() {
        applier.apply(desired(V1), "app/shop/production", COMMIT);
        aws.live = new LiveTemplate(V1, Map.of());

        applier.apply(desired(V2), "app/shop/production", NEXT);

        Told update = told.get(1);
        assertThat(update.applied()).isTrue();
        assertThat(update.changes().action()).isEqualTo(UnitChanges.StackAction.UPDATE);
        assertThat(update.changes().resources()).filteredOn(r -> r.logicalId().equals("Queue")).singleElement()
                .satisfies(queue -> assertThat(queue.changes()).containsExactly(new ValueChange("DelaySeconds", "5", "30")));
        assertThat(update.changes().note()).isNull();
    }

    @Test
    void aLiveTemplateThatCannotBeReadLeavesTheChangeSetsOwnAnswerWithANote() {
        applier.apply(desired(V1), "app/shop/production", COMMIT);
        aws.live = null;

        var outcome = applier.apply(desired(V2), "app/shop/production", NEXT);

        assertThat(outcome.result()).as("telling never stops an apply").isEqualTo(ApplyOutcome.Result.UPDATED);
        assertThat(told.get(1).changes().note()).startsWith("property values unknown: ");
        assertThat(told.get(1).changes().resources()).as("what the change set named, without values")
                .extracting(ResourcePlan::logicalId).containsExactly("Resource");
    }

    @Test
    void aRollbackTellsTheChangeAsNotAppliedWithCloudFormationsFailures() {
        applier.apply(desired(V1), "app/shop/production", COMMIT);
        aws.live = new LiveTemplate(V1, Map.of());
        var failure = new StackFailure("Queue", "AWS::SQS::Queue", "UPDATE_FAILED", "<script>alert(1)</script> refused");
        memory.rollBack("rambla-app-shop-production", failure);

        var outcome = applier.apply(desired(V2), "app/shop/production", NEXT);

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.message()).contains("Queue (AWS::SQS::Queue) UPDATE_FAILED: <script>alert(1)</script> refused");
        Told failed = told.get(1);
        assertThat(failed.applied()).isFalse();
        assertThat(failed.failures()).containsExactly(failure);
        assertThat(failed.changes().resources()).filteredOn(r -> r.logicalId().equals("Queue")).singleElement()
                .satisfies(queue -> assertThat(queue.changes()).containsExactly(new ValueChange("DelaySeconds", "5", "30")));
    }

    /** The in-memory stacks, with the live template a test sets (null: reading it fails). */
    static final class Templates implements CloudFormationStacks {
        private final InMemoryStacks delegate;
        volatile LiveTemplate live;
        volatile int templatesRead;

        Templates(InMemoryStacks delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<LiveTemplate> template(String stackName) {
            templatesRead++;
            if (live == null) {
                throw new AwsException.Transient("GetTemplate", stackName, "Throttling", "Rate exceeded", null);
            }
            return Optional.of(live);
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
}
