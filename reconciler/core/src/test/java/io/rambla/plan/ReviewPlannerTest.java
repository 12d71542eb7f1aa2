package io.rambla.plan;

import io.rambla.render.StackTags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rambla.plan.ChangeSet.ResourceChange;
import io.rambla.render.ParameterValue;
import io.rambla.render.RenderedUnit;
import io.rambla.render.Renderer;
import io.rambla.plan.ReviewPlanner.ChangeSetRequest;
import io.rambla.plan.ReviewPlanner.ChangeSetResult;
import io.rambla.schema.District;
import io.rambla.schema.Endpoint;
import io.rambla.schema.InfraRepository;
import io.rambla.schema.Settings;
import io.rambla.plan.PullRequestPlan.Replacement;
import io.rambla.plan.PullRequestPlan.UnitPlan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The review's decisions from values alone: rendered units, live stacks, computed change sets. */
class ReviewPlannerTest {

    private static final String HEAD = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
    private static final String DISTRICT = "district/main";
    private static final String ENDPOINT = "endpoint/main/public";
    private static final String DISTRICT_STACK = "rambla-district-main";
    private static final String ENDPOINT_STACK = "rambla-endpoint-main-public";

    private final List<RenderedUnit> units = render("10.0.0.0/16");
    private final Map<String, ChangeSetResult> computed = new HashMap<>();

    @Test
    void onAnEmptyAccountOnlyTheDistrictGetsAChangeSetAndItsEndpointWaitsForIt() {
        Map<String, LiveStack> live = Map.of();

        List<ChangeSetRequest> requests = ReviewPlanner.pending(HEAD, units, live, computed);

        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.unitId()).isEqualTo(DISTRICT);
            assertThat(r.create()).isTrue();
        });
        computed.put(DISTRICT, ChangeSetResult.of(changeSet("CREATE_COMPLETE", "",
                new ResourceChange("Add", "Vpc", "AWS::EC2::VPC", null),
                new ResourceChange("Add", "LogBucket", "AWS::S3::Bucket", null))));
        assertThat(ReviewPlanner.pending(HEAD, units, live, computed)).isEmpty();

        PullRequestPlan plan = ReviewPlanner.plan(HEAD, units, live, computed);

        assertThat(plan.valid()).isTrue();
        assertThat(plan.units()).extracting(UnitPlan::unitId).containsExactly(DISTRICT, ENDPOINT);
        assertThat(plan.units().get(0).adds()).isEqualTo(2);
        UnitPlan endpoint = plan.units().get(1);
        assertThat(endpoint.unchanged()).isFalse();
        assertThat(endpoint.failed()).isFalse();
        assertThat(endpoint.note()).contains("planned after upstream district/main").contains("does not exist yet");
    }

    @Test
    void aStackTaggedForAnotherRepositoryGetsNoChangeSetAndThePlanSaysWhy() {
        List<RenderedUnit> ours = Ownership.claim(render("10.9.0.0/16"), new RepositoryId("https://git.example.com/team/infra.git"));
        Map<String, LiveStack> live = new HashMap<>(applied(units));
        LiveStack district = live.get(DISTRICT_STACK);
        Map<String, String> theirTags = new HashMap<>(district.tags());
        theirTags.put(Ownership.TAG_REPOSITORY, "https://git.example.com/other/infra.git");
        live.put(DISTRICT_STACK, new LiveStack(district.name(), district.stackId(), district.status(), null, theirTags, district.outputs()));

        assertThat(ReviewPlanner.pending(HEAD, ours, live, computed)).isEmpty();
        UnitPlan plan = ReviewPlanner.plan(HEAD, ours, live, computed).units().get(0);

        assertThat(plan.failed()).isTrue();
        assertThat(plan.note()).contains("not planned: stack rambla-district-main belongs to repository https://git.example.com/other/infra.git");
    }

    @Test
    void stacksWhoseDesiredHashTagMatchesAreUnchangedWithoutAnyChangeSet() {
        Map<String, LiveStack> live = applied(units);

        assertThat(ReviewPlanner.pending(HEAD, units, live, computed)).isEmpty();
        PullRequestPlan plan = ReviewPlanner.plan(HEAD, units, live, computed);

        assertThat(plan.changing()).isEmpty();
        assertThat(plan.unchanging()).extracting(UnitPlan::unitId).containsExactly(DISTRICT, ENDPOINT);
    }

    @Test
    void aNewCidrReplacesTheVpcAsAStatefulResourceAndTheEndpointIsPlannedAfterIt() {
        Map<String, LiveStack> live = applied(units);
        List<RenderedUnit> head = render("10.9.0.0/16");

        List<ChangeSetRequest> requests = ReviewPlanner.pending(HEAD, head, live, computed);

        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.unitId()).isEqualTo(DISTRICT);
            assertThat(r.create()).as("the stack exists: an UPDATE change set").isFalse();
        });
        computed.put(DISTRICT, ChangeSetResult.of(changeSet("CREATE_COMPLETE", "",
                new ResourceChange("Modify", "Vpc", "AWS::EC2::VPC", "True"),
                new ResourceChange("Modify", "RouteTable", "AWS::EC2::RouteTable", "False"),
                new ResourceChange("Remove", "OldRoute", "AWS::EC2::Route", null))));

        PullRequestPlan plan = ReviewPlanner.plan(HEAD, head, live, computed);

        UnitPlan district = plan.units().get(0);
        assertThat(district.modifies()).isEqualTo(2);
        assertThat(district.removes()).isEqualTo(1);
        assertThat(district.replacements()).containsExactly(new Replacement("Vpc", "AWS::EC2::VPC", true));
        assertThat(plan.units().get(1).note()).contains("planned after upstream district/main is applied");
    }

    @Test
    void theChangeSetCarriesTheTagsApplyingWouldSetSoItShowsWhatMergingDoes() {
        Map<String, LiveStack> live = applied(units);
        List<RenderedUnit> head = render("10.9.0.0/16");

        DesiredState desired = ReviewPlanner.pending(HEAD, head, live, computed).get(0).desired();

        DesiredState untagged = new DesiredState(DISTRICT_STACK, head.get(0).stack().templateBody(),
                Map.of("EcsAmiId", "ami-0aaaaaaaaaaaaaaaa"), head.get(0).stack().tags());
        assertThat(desired.tags())
                .containsEntry(StackTags.DESIRED_HASH, untagged.hash())
                .containsEntry(StackTags.COMMIT, HEAD)
                .containsEntry(StackTags.UNIT, DISTRICT);
    }

    @Test
    void aNoChangesAnswerCountsAsUnchangedAndLetsTheEndpointBePlannedInTheNextRound() {
        Map<String, LiveStack> live = applied(units);
        live.put(DISTRICT_STACK, withTag(live.get(DISTRICT_STACK), StackTags.DESIRED_HASH, "an-older-hash"));
        List<RenderedUnit> head = render("10.0.0.0/16", "LogBucketName-changed");
        assertThat(ReviewPlanner.pending(HEAD, head, live, computed)).extracting(ChangeSetRequest::unitId).containsExactly(DISTRICT);

        computed.put(DISTRICT, ChangeSetResult.of(new ChangeSet("arn:cs", "rambla-pr7-0a1b2c3", "FAILED",
                "The submitted information didn't contain changes. Submit different information to create a change set.", true, List.of())));

        assertThat(ReviewPlanner.pending(HEAD, head, live, computed)).extracting(ChangeSetRequest::unitId).containsExactly(ENDPOINT);
        computed.put(ENDPOINT, ChangeSetResult.of(changeSet("CREATE_COMPLETE", "",
                new ResourceChange("Modify", "Listener", "AWS::ElasticLoadBalancingV2::Listener", "False"))));
        PullRequestPlan plan = ReviewPlanner.plan(HEAD, head, live, computed);
        assertThat(plan.unchanging()).extracting(UnitPlan::unitId).containsExactly(DISTRICT);
        assertThat(plan.changing()).singleElement().satisfies(u -> {
            assertThat(u.unitId()).isEqualTo(ENDPOINT);
            assertThat(u.modifies()).isEqualTo(1);
        });
    }

    @Test
    void anAwsErrorForOneUnitIsThatUnitsFailureAndTheRestIsStillPlanned() {
        Map<String, LiveStack> live = applied(units);
        List<RenderedUnit> head = render("10.9.0.0/16");
        computed.put(DISTRICT, ChangeSetResult.failed("Throttling: Rate exceeded"));

        PullRequestPlan plan = ReviewPlanner.plan(HEAD, head, live, computed);

        assertThat(plan.valid()).isTrue();
        assertThat(plan.failed()).singleElement().satisfies(u -> {
            assertThat(u.unitId()).isEqualTo(DISTRICT);
            assertThat(u.note()).isEqualTo("Throttling: Rate exceeded");
        });
        assertThat(plan.units().get(1).note()).contains("upstream district/main could not be planned");
    }

    @Test
    void aChangeSetThatFailsForAnotherReasonThanNoChangesIsAFailure() {
        Map<String, LiveStack> live = applied(units);
        computed.put(DISTRICT, ChangeSetResult.of(changeSet("FAILED", "Template format error: bad resource")));

        PullRequestPlan plan = ReviewPlanner.plan(HEAD, render("10.9.0.0/16"), live, computed);

        assertThat(plan.units().get(0).failed()).isTrue();
        assertThat(plan.units().get(0).note()).isEqualTo("change set FAILED: Template format error: bad resource");
    }

    @Test
    void aStackBusyWithAnotherOperationGetsNoChangeSetButANote() {
        Map<String, LiveStack> live = applied(units);
        live.put(DISTRICT_STACK, withStatus(live.get(DISTRICT_STACK), "UPDATE_IN_PROGRESS"));

        assertThat(ReviewPlanner.pending(HEAD, render("10.9.0.0/16"), live, computed)).isEmpty();
        PullRequestPlan plan = ReviewPlanner.plan(HEAD, render("10.9.0.0/16"), live, computed);

        assertThat(plan.units().get(0).failed()).isTrue();
        assertThat(plan.units().get(0).note()).contains("UPDATE_IN_PROGRESS");
    }

    @Test
    void aStackThatOnlyHoldsChangeSetsCountsAsNotCreatedYet() {
        Map<String, LiveStack> live = new HashMap<>();
        live.put(DISTRICT_STACK, new LiveStack(DISTRICT_STACK, "arn:stack", "REVIEW_IN_PROGRESS", null, Map.of(), Map.of()));

        assertThat(ReviewPlanner.pending(HEAD, units, live, computed)).singleElement()
                .satisfies(r -> assertThat(r.create()).isTrue());
    }

    @Test
    void replacementsThatMayHappenAreNotedWithoutAStatefulWarning() {
        computed.put(DISTRICT, ChangeSetResult.of(changeSet("CREATE_COMPLETE", "",
                new ResourceChange("Modify", "Cluster", "AWS::ECS::Cluster", "Conditional"))));

        UnitPlan district = ReviewPlanner.plan(HEAD, units, Map.of(), computed).units().get(0);

        assertThat(district.replacements()).isEmpty();
        assertThat(district.note()).contains("May be replaced").contains("Cluster");
    }

    @Test
    void aPlanCannotBeMadeWhileChangeSetsAreMissing() {
        assertThatThrownBy(() -> ReviewPlanner.plan(HEAD, units, Map.of(), computed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(DISTRICT);
    }

    @Test
    void theChangingUnitsAreThoseWithoutAStackOrWhoseDesiredStateDiffers() {
        assertThat(ReviewPlanner.changing(units, Map.of())).as("nothing stands: both are created").containsExactly(DISTRICT, ENDPOINT);
        assertThat(ReviewPlanner.changing(units, applied(units))).as("as applied").isEmpty();

        List<RenderedUnit> endpointChanged = render("10.0.0.0/16", "changed");
        assertThat(ReviewPlanner.changing(endpointChanged, applied(units))).containsExactly(ENDPOINT);

        Map<String, LiveStack> districtOnly = new HashMap<>(applied(units));
        districtOnly.remove(ENDPOINT_STACK);
        assertThat(ReviewPlanner.changing(units, districtOnly)).containsExactly(ENDPOINT);
    }

    @Test
    void busyStuckAndRolledBackStacksCountAsChangingOnlyWhenMergingWouldRecreateThem() {
        Map<String, LiveStack> live = new HashMap<>(applied(render("10.0.0.0/16", "changed")));
        live.put(ENDPOINT_STACK, withStatus(live.get(ENDPOINT_STACK), "UPDATE_IN_PROGRESS"));
        assertThat(ReviewPlanner.changing(units, live)).as("busy: no change set, so not counted").isEmpty();

        live.put(ENDPOINT_STACK, withStatus(live.get(ENDPOINT_STACK), "UPDATE_ROLLBACK_FAILED"));
        assertThat(ReviewPlanner.changing(units, live)).as("stuck: no change set either").isEmpty();

        live.put(ENDPOINT_STACK, withStatus(live.get(ENDPOINT_STACK), "ROLLBACK_COMPLETE"));
        assertThat(ReviewPlanner.changing(units, live)).as("a failed creation is deleted and created anew").containsExactly(ENDPOINT);
    }

    @Test
    void aStackOfAnotherRepositoryIsNotCountedAsChanging() {
        List<RenderedUnit> ours = Ownership.claim(render("10.9.0.0/16"), new RepositoryId("https://git.example.com/team/infra.git"));
        Map<String, LiveStack> live = new HashMap<>(applied(units));
        live.put(DISTRICT_STACK, withTag(live.get(DISTRICT_STACK), Ownership.TAG_REPOSITORY, "https://git.example.com/other/infra.git"));

        assertThat(ReviewPlanner.pending(HEAD, ours, live, computed)).isEmpty();
        assertThat(ReviewPlanner.changing(ours, live)).doesNotContain(DISTRICT);
    }

    static List<RenderedUnit> render(String cidr) {
        District district = new District("main", "districts/main.yml", "us-east-1", cidr, District.NatType.INSTANCE, "ec2",
                "t3.small", 1, false, List.of(new Endpoint("public", true, null, Endpoint.SslPolicy.INTERMEDIATE)), null, Map.of());
        // As ChangeSetReview hands them over: with the district's AMI read from SSM.
        return Amis.resolve(new Renderer().render(new InfraRepository(Settings.defaults(), List.of(district), List.of())),
                Map.of(), (region, parameter) -> "ami-0aaaaaaaaaaaaaaaa");
    }

    /** The same district, with the endpoint's parameters renamed so its desired state differs from the applied one. */
    private static List<RenderedUnit> render(String cidr, String differentParameterMarker) {
        List<RenderedUnit> rendered = render(cidr);
        RenderedUnit endpoint = rendered.get(1);
        Map<String, ParameterValue> parameters = new TreeMap<>(endpoint.stack().parameters());
        parameters.put("Marker", ParameterValue.literal(differentParameterMarker));
        var spec = new io.rambla.render.StackSpec(endpoint.stack().stackName(), endpoint.stack().template(), parameters, endpoint.stack().tags());
        return List.of(rendered.get(0), new RenderedUnit(endpoint.unit(), spec));
    }

    /** Live stacks as a sync of {@code rendered} would have left them, with made-up outputs. */
    static Map<String, LiveStack> applied(List<RenderedUnit> rendered) {
        Map<String, String> districtOutputs = Map.of("VpcId", "vpc-1", "VpcCidr", "10.0.0.0/16", "PublicSubnetIds", "subnet-1,subnet-2",
                "PrivateSubnetIds", "subnet-3,subnet-4", "LogBucketName", "logs");
        Map<String, LiveStack> live = new HashMap<>();
        for (RenderedUnit unit : rendered) {
            Map<String, String> parameters = new TreeMap<>();
            unit.stack().parameters().forEach((key, value) -> parameters.put(key, value instanceof ParameterValue.Literal l
                    ? l.value() : districtOutputs.get(((ParameterValue.UpstreamOutput) value).outputKey())));
            String hash = new DesiredState(unit.stack().stackName(), unit.stack().templateBody(), parameters, unit.stack().tags()).hash();
            live.put(unit.stack().stackName(), new LiveStack(unit.stack().stackName(), "arn:" + unit.id(), "CREATE_COMPLETE", null,
                    Map.of(StackTags.DESIRED_HASH, hash, StackTags.COMMIT, "f00d"),
                    unit.id().equals(DISTRICT) ? districtOutputs : Map.of()));
        }
        assertThat(live).containsKeys(DISTRICT_STACK, ENDPOINT_STACK);
        return live;
    }

    private static LiveStack withTag(LiveStack stack, String key, String value) {
        Map<String, String> tags = new HashMap<>(stack.tags());
        tags.put(key, value);
        return new LiveStack(stack.name(), stack.stackId(), stack.status(), stack.statusReason(), tags, stack.outputs());
    }

    static LiveStack withStatus(LiveStack stack, String status) {
        return new LiveStack(stack.name(), stack.stackId(), status, null, stack.tags(), stack.outputs());
    }

    private static ChangeSet changeSet(String status, String reason, ResourceChange... changes) {
        return new ChangeSet("arn:aws:cloudformation:us-east-1:000000000000:changeSet/rambla-pr7-0a1b2c3/1", "rambla-pr7-0a1b2c3",
                status, reason, false, List.of(changes));
    }
}
