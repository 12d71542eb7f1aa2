package io.rambla.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rambla.render.ParameterValue;
import io.rambla.render.RenderedUnit;
import io.rambla.render.Renderer;
import io.rambla.schema.Cidr;
import io.rambla.schema.District;
import io.rambla.schema.InfraRepository;
import io.rambla.schema.Settings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The AMI read from SSM when planning is part of a district's desired state. */
class AmisTest {

    private static final String AWS_PARAMETER = District.ClusterAmi.ECS_OPTIMIZED_AL2023;

    /** SSM as a map; records every question. */
    private static final class FakeSsm implements Amis.Lookup {
        final Map<String, String> values = new HashMap<>();
        final List<String> asked = new ArrayList<>();

        public String imageId(String region, String parameter) {
            asked.add(region + " " + parameter);
            return values.get(region + " " + parameter);
        }
    }

    private static RenderedUnit district(District.ClusterAmi ami) {
        var district = new District("main", "districts/main.yml", "eu-west-1", Cidr.defaultFor("main"), District.NatType.NONE,
                "ec2", "t3.small", 1, false, List.of(), null, Map.of(), 365, null, ami);
        return new Renderer().render(new InfraRepository(Settings.defaults(), List.of(district), List.of())).get(0);
    }

    private static DesiredState desired(RenderedUnit unit) {
        Map<String, String> parameters = new HashMap<>();
        unit.stack().parameters().forEach((k, v) -> parameters.put(k, ((ParameterValue.Literal) v).value()));
        return new DesiredState(unit.stack().stackName(), unit.stack().templateBody(), parameters, unit.stack().tags());
    }

    /** A live stack as Rambla leaves it after applying {@code applied}: its desired hash and AMI output. */
    private static LiveStack appliedStack(DesiredState applied) {
        return new LiveStack(applied.stackName(), "id", "UPDATE_COMPLETE", null,
                Map.of(io.rambla.render.StackTags.DESIRED_HASH, applied.hash()), Map.of("EcsAmiId", applied.parameters().get("EcsAmiId")));
    }

    private static Decision plan(RenderedUnit rendered, FakeSsm ssm, LiveStack live) {
        var unit = Amis.resolve(List.of(rendered), live == null ? Map.of() : Map.of(live.name(), live), ssm).get(0);
        return Planner.decide(desired(unit), Optional.ofNullable(live));
    }

    @Test
    void a_new_value_of_the_ami_parameter_makes_an_automatic_districts_plan_non_empty() {
        var ssm = new FakeSsm();
        ssm.values.put("eu-west-1 " + AWS_PARAMETER, "ami-0aaaaaaaaaaaaaaaa");
        var rendered = district(new District.ClusterAmi.Automatic());
        var applied = desired(Amis.resolve(List.of(rendered), Map.of(), ssm).get(0));
        assertThat(applied.parameters()).containsEntry("EcsAmiId", "ami-0aaaaaaaaaaaaaaaa");
        LiveStack live = appliedStack(applied);

        assertThat(plan(rendered, ssm, live)).isInstanceOf(Decision.NoChange.class);

        ssm.values.put("eu-west-1 " + AWS_PARAMETER, "ami-0bbbbbbbbbbbbbbbb");
        assertThat(plan(rendered, ssm, live)).isInstanceOf(Decision.Update.class);
        assertThat(ssm.asked).allMatch(q -> q.startsWith("eu-west-1 "), "read in the district's region");
    }

    @Test
    void a_pinned_ami_does_not_move_and_no_parameter_is_read() {
        var ssm = new FakeSsm();
        ssm.values.put("eu-west-1 " + AWS_PARAMETER, "ami-0aaaaaaaaaaaaaaaa");
        var rendered = district(new District.ClusterAmi.Pinned("ami-0123456789abcdef0"));
        LiveStack live = appliedStack(desired(Amis.resolve(List.of(rendered), Map.of(), ssm).get(0)));

        ssm.values.put("eu-west-1 " + AWS_PARAMETER, "ami-0bbbbbbbbbbbbbbbb");

        assertThat(plan(rendered, ssm, live)).isInstanceOf(Decision.NoChange.class);
        assertThat(live.outputs()).containsEntry("EcsAmiId", "ami-0123456789abcdef0");
        assertThat(ssm.asked).isEmpty();
    }

    @Test
    void a_manual_district_keeps_the_ami_its_stack_runs_and_a_new_one_starts_on_the_newest() {
        var ssm = new FakeSsm();
        ssm.values.put("eu-west-1 " + AWS_PARAMETER, "ami-0aaaaaaaaaaaaaaaa");
        var rendered = district(new District.ClusterAmi.Manual());
        var first = desired(Amis.resolve(List.of(rendered), Map.of(), ssm).get(0));
        assertThat(first.parameters()).containsEntry("EcsAmiId", "ami-0aaaaaaaaaaaaaaaa");

        ssm.values.put("eu-west-1 " + AWS_PARAMETER, "ami-0bbbbbbbbbbbbbbbb");

        assertThat(plan(rendered, ssm, appliedStack(first))).isInstanceOf(Decision.NoChange.class);
    }

    @Test
    void a_custom_parameter_is_read_once_however_many_districts_follow_it() {
        var ssm = new FakeSsm();
        ssm.values.put("eu-west-1 /acme/ami", "ami-0cccccccccccccccc");
        var one = district(new District.ClusterAmi.Automatic("/acme/ami"));
        var resolved = Amis.resolve(List.of(one, one), Map.of(), ssm);
        assertThat(resolved).allSatisfy(u -> assertThat(u.stack().parameters().get("EcsAmiId"))
                .isEqualTo(ParameterValue.literal("ami-0cccccccccccccccc")));
        assertThat(ssm.asked).containsExactly("eu-west-1 /acme/ami");
        assertThat(Amis.current(List.of(one), ssm)).containsExactly(Map.entry("eu-west-1 /acme/ami", "ami-0cccccccccccccccc"));
    }

    @Test
    void a_parameter_holding_anything_but_an_ami_id_is_refused_before_it_reaches_a_template() {
        var ssm = new FakeSsm();
        var rendered = district(new District.ClusterAmi.Automatic("/acme/ami"));
        for (String hostile : new String[] {"ami-0ccc\"}], \"x\": \"", "ami-0cccccccccccccccc\nami-1", "", "sg-0123456789abcdef0"}) {
            ssm.values.put("eu-west-1 /acme/ami", hostile);
            assertThatThrownBy(() -> Amis.resolve(List.of(rendered), Map.of(), ssm))
                    .isInstanceOf(Amis.AmiLookupException.class)
                    .hasMessageContaining("/acme/ami")
                    .hasMessageContaining("does not hold an AMI id")
                    .as("the value is never repeated: the parameter could hold a secret")
                    .hasMessageNotContaining("\n").hasMessageNotContaining("x\"").hasMessageNotContaining("sg-");
        }
        ssm.values.remove("eu-west-1 /acme/ami");
        assertThatThrownBy(() -> Amis.resolve(List.of(rendered), Map.of(), ssm)).hasMessageContaining("has no value");
        assertThatThrownBy(() -> Amis.resolve(List.of(rendered), Map.of(), Amis.Lookup.UNAVAILABLE))
                .hasMessageContaining("no SSM client");
    }

    @Test
    void the_followed_parameters_are_all_the_new_ami_check_reads_of_the_units() {
        var ssm = new FakeSsm();
        ssm.values.put("eu-west-1 /acme/ami", "ami-0cccccccccccccccc");
        ssm.values.put("eu-west-1 " + AWS_PARAMETER, "ami-0aaaaaaaaaaaaaaaa");
        var custom = district(new District.ClusterAmi.Automatic("/acme/ami"));
        var twin = district(new District.ClusterAmi.Automatic("/acme/ami"));
        var manual = district(new District.ClusterAmi.Manual());

        List<ParameterValue.SsmAmi> followed = Amis.followed(List.of(custom, twin, manual));

        assertThat(followed).singleElement().extracting(ParameterValue.SsmAmi::ssmParameter).isEqualTo("/acme/ami");
        assertThat(Amis.read(followed, ssm)).isEqualTo(Amis.current(List.of(custom, twin, manual), ssm))
                .containsExactly(Map.entry("eu-west-1 /acme/ami", "ami-0cccccccccccccccc"));
        assertThat(Amis.followed(List.of(manual))).isEmpty();
        assertThat(Amis.read(List.of(), ssm)).isEmpty();
        // A value that is no AMI id is refused by read as by current.
        ssm.values.put("eu-west-1 /acme/ami", "sg-0123456789abcdef0");
        assertThatThrownBy(() -> Amis.read(followed, ssm)).isInstanceOf(Amis.AmiLookupException.class);
    }
}
