package io.rambla.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StackSpecTest {

    private static Template template(String bucket) {
        return Template.builder("a test stack")
                .resource("Bucket", Template.Resource.of("AWS::S3::Bucket", Map.of("BucketName", bucket)))
                .build();
    }

    private final StackSpec spec = new StackSpec("rb-district-main", template("logs"), Map.of(), Map.of("rambla:unit", "district/main"));

    @Test
    void the_body_is_the_templates_json_and_the_same_string_each_time() {
        String body = spec.templateBody();

        assertThat(body).isEqualTo(TemplateWriter.toJson(template("logs"))).contains("\"logs\"");
        assertThat(spec.templateBody()).isSameAs(body);
    }

    @Test
    void a_spec_with_other_tags_or_parameters_keeps_the_template_and_its_body() {
        String body = spec.templateBody();

        StackSpec tagged = spec.withTags(Map.of("rambla:unit", "district/main", "rambla:repository", "r"));
        StackSpec parameterised = spec.withParameters(Map.of("Ami", ParameterValue.literal("ami-1")));

        assertThat(tagged.templateBody()).isSameAs(body);
        assertThat(tagged.tags()).containsEntry("rambla:repository", "r");
        assertThat(tagged.parameters()).isEqualTo(spec.parameters());
        assertThat(parameterised.templateBody()).isSameAs(body);
        assertThat(parameterised.parameters()).containsEntry("Ami", ParameterValue.literal("ami-1"));
        assertThat(parameterised.tags()).isEqualTo(spec.tags());
    }

    @Test
    void specs_compare_by_their_parts_whether_or_not_their_body_was_written() {
        var twin = new StackSpec("rb-district-main", template("logs"), Map.of(), Map.of("rambla:unit", "district/main"));
        spec.templateBody();

        assertThat(twin).isEqualTo(spec).hasSameHashCodeAs(spec);
        assertThat(new StackSpec("rb-district-main", template("other"), Map.of(), spec.tags())).isNotEqualTo(spec);
        assertThat(spec.withTags(Map.of())).isNotEqualTo(spec);
    }

    @Test
    void a_spec_made_from_another_template_writes_its_own_body() {
        spec.templateBody();
        var other = new StackSpec(spec.stackName(), template("other"), spec.parameters(), spec.tags());

        assertThat(other.templateBody()).contains("\"other\"").doesNotContain("\"logs\"");
    }

    @Test
    void the_written_body_is_one_instance_for_the_spec_and_the_specs_made_from_it_but_not_for_a_new_rendering() {
        TemplateBody written = spec.writtenBody();

        assertThat(written.json()).isSameAs(spec.templateBody());
        assertThat(spec.withTags(Map.of()).writtenBody()).isSameAs(written);
        assertThat(spec.withParameters(Map.of()).writtenBody()).isSameAs(written);
        var rerendered = new StackSpec("rb-district-main", template("logs"), Map.of(), spec.tags());
        assertThat(rerendered.writtenBody()).isNotSameAs(written);
        assertThat(rerendered.writtenBody().computed()).isZero();
    }

    @Test
    void a_spec_without_its_template_keeps_its_body_and_equality_and_refuses_to_give_the_tree() {
        StackSpec kept = spec.withoutTemplate();

        assertThat(kept.templateBody()).isSameAs(spec.templateBody());
        assertThat(kept.writtenBody()).isSameAs(spec.writtenBody());
        assertThat(kept).isEqualTo(spec).hasSameHashCodeAs(spec);
        var twin = new StackSpec("rb-district-main", template("logs"), Map.of(), spec.tags());
        assertThat(twin).isEqualTo(kept).hasSameHashCodeAs(kept);
        assertThat(kept).isEqualTo(twin);
        assertThat(new StackSpec("rb-district-main", template("other"), Map.of(), spec.tags())).isNotEqualTo(kept);
        assertThat(kept.withTags(Map.of("a", "b")).templateBody()).isSameAs(spec.templateBody());
        assertThatThrownBy(kept::template).isInstanceOf(IllegalStateException.class).hasMessageContaining("rb-district-main");
        assertThatThrownBy(() -> kept.withParameters(Map.of()).template()).isInstanceOf(IllegalStateException.class);
        assertThat(spec.template()).isEqualTo(template("logs"));
        assertThat(kept.toString()).contains("(let go)");
    }
}
