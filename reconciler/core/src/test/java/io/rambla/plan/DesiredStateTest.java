package io.rambla.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DesiredStateTest {

    private final DesiredState state = new DesiredState("rb-app-web-production", "{\"Resources\":{\"A\":{}}}\n",
            Map.of("Image", "nginx:1.27", "Cluster", "c"), Map.of("rambla:unit", "app/web/production", "team", "web"));

    /** The hash as stacks applied by earlier versions carry it: length-prefixed parts, parameters and tags by key. */
    private static String expectedHash(String stackName, String body, Map<String, String> parameters, Map<String, String> tags)
            throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        List<String> parts = new java.util.ArrayList<>(List.of(stackName, body));
        new TreeMap<>(parameters).forEach((k, v) -> parts.addAll(List.of(k, v)));
        new TreeMap<>(tags).forEach((k, v) -> parts.addAll(List.of(k, v)));
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            digest.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            digest.update(bytes);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Test
    void the_hash_is_the_one_stacks_applied_before_carry_and_asking_twice_gives_it_again() throws Exception {
        String expected = expectedHash(state.stackName(), state.templateBody(), state.parameters(), state.tags());

        assertThat(state.hash()).isEqualTo(expected);
        assertThat(state.hash()).isEqualTo(expected);
    }

    @Test
    void states_with_equal_parts_are_equal_and_hash_alike_and_any_differing_part_changes_the_hash() {
        var twin = new DesiredState(state.stackName(), new String(state.templateBody()), new HashMap<>(state.parameters()),
                new HashMap<>(state.tags()));
        twin.hash(); // one hashed, the other not: equality does not depend on it
        assertThat(twin).isEqualTo(state).hasSameHashCodeAs(state);
        assertThat(twin.hash()).isEqualTo(state.hash());

        var others = List.of(
                new DesiredState("rb-app-web-staging", state.templateBody(), state.parameters(), state.tags()),
                new DesiredState(state.stackName(), state.templateBody().replace("A", "B"), state.parameters(), state.tags()),
                new DesiredState(state.stackName(), state.templateBody(), Map.of("Image", "nginx:1.28", "Cluster", "c"), state.tags()),
                new DesiredState(state.stackName(), state.templateBody(), state.parameters(), Map.of("rambla:unit", "app/web/production")));
        for (DesiredState other : others) {
            assertThat(other).isNotEqualTo(state);
            assertThat(other.hash()).as(other.toString()).isNotEqualTo(state.hash());
        }
    }

    @Test
    void a_tagged_state_carries_the_untagged_hash_and_hashes_differently_itself() throws Exception {
        DesiredState tagged = state.tagged("abc123");

        assertThat(tagged.tags()).containsEntry(io.rambla.render.StackTags.DESIRED_HASH, state.hash())
                .containsEntry(io.rambla.render.StackTags.COMMIT, "abc123");
        assertThat(tagged.hash()).isEqualTo(expectedHash(tagged.stackName(), tagged.templateBody(), tagged.parameters(), tagged.tags()))
                .isNotEqualTo(state.hash());
    }

    private static String oversized() {
        return "{\"Resources\":{\"A\":{\"Type\":\"AWS::S3::Bucket\",\"Properties\":{\"Tag\":\"" + "x".repeat(60_000) + "\"}}}}";
    }

    @Test
    void states_over_one_rendered_body_remember_its_hash_and_verdict_and_a_changed_body_is_hashed_and_checked_anew()
            throws Exception {
        var body = new io.rambla.render.TemplateBody("{\"Resources\":{\"A\":{}}}\n");
        Map<String, String> parameters = Map.of("Image", "nginx:1.27");
        Map<String, String> tags = Map.of("rambla:unit", "app/web/production");
        var first = new DesiredState("rb-web", body, parameters, tags);
        var nextSync = new DesiredState("rb-web", body, new HashMap<>(parameters), new HashMap<>(tags));

        assertThat(first.hash()).isEqualTo(expectedHash("rb-web", body.json(), parameters, tags));
        assertThat(first.limitProblems()).isEmpty();
        int computed = body.computed();
        assertThat(nextSync.hash()).isEqualTo(first.hash());
        assertThat(nextSync.limitProblems()).isEmpty();
        assertThat(body.computed()).as("the next sync's state over the same body computes nothing").isEqualTo(computed);

        // Other parameters over the same body: a hash of its own, computed, never the remembered one.
        Map<String, String> newImage = Map.of("Image", "nginx:1.28");
        var otherParameters = new DesiredState("rb-web", body, newImage, tags);
        assertThat(otherParameters.hash()).isEqualTo(expectedHash("rb-web", body.json(), newImage, tags)).isNotEqualTo(first.hash());
        assertThat(body.computed()).isEqualTo(computed + 1);

        // A changed body (a new rendering): hashed and checked afresh, and its problems found.
        var changed = new io.rambla.render.TemplateBody(oversized());
        var grown = new DesiredState("rb-web", changed, parameters, tags);
        assertThat(grown.hash()).isEqualTo(expectedHash("rb-web", changed.json(), parameters, tags)).isNotEqualTo(first.hash());
        assertThat(grown.limitProblems()).singleElement().asString().contains("rb-web", "TemplateBody limit");
        // A body that does not fit is checked each time, its problems worded for the unit asking.
        assertThat(new DesiredState("rb-api", changed, parameters, tags).limitProblems()).singleElement().asString()
                .contains("rb-api");
        assertThat(new DesiredState("rb-web", "not json", parameters, tags).limitProblems())
                .containsExactly("the template of unit rb-web is not valid JSON");
    }

    @Test
    void a_tagged_state_shares_the_body_but_not_the_hash_of_the_untagged_one() throws Exception {
        var body = new io.rambla.render.TemplateBody("{\"Resources\":{}}");
        var untagged = new DesiredState("rb-web", body, Map.of(), Map.of("team", "web"));
        String hash = untagged.hash();
        DesiredState tagged = untagged.tagged("abc123");

        assertThat(tagged.hash()).isEqualTo(expectedHash("rb-web", body.json(), Map.of(), tagged.tags())).isNotEqualTo(hash);
        assertThat(new DesiredState("rb-web", body, Map.of(), Map.of("team", "web")).hash()).isEqualTo(hash);
    }
}
