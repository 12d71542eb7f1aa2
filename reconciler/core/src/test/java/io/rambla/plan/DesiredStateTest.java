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
}
