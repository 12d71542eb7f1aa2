package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    @Test
    void a_typo_suggests_the_nearest_known_key() {
        assertThat(Suggestions.closest("memroy", KnownKeys.SERVICE.keys())).contains("memory");
        assertThat(Suggestions.closest("health_check_pth", KnownKeys.LISTENER.keys())).contains("health_check_path");
        assertThat(Suggestions.closest("Memory", KnownKeys.SERVICE.keys())).contains("memory");
    }

    @Test
    void a_word_far_from_every_key_suggests_nothing() {
        assertThat(Suggestions.closest("banana", List.of("memory", "cpu"))).isEmpty();
    }

    @Test
    void swapped_neighbours_count_as_one_edit() {
        assertThat(Suggestions.distance("memroy", "memory")).isEqualTo(1);
    }

    @Test
    void only_words_of_at_most_64_characters_get_a_suggestion() {
        String known = "e".repeat(64);

        assertThat(Suggestions.closest("e".repeat(63) + "f", List.of(known))).contains(known);
        assertThat(Suggestions.closest("e".repeat(65), List.of(known))).isEmpty();
        assertThat(Suggestions.closest("eeef", List.of("e".repeat(65), "eeee"))).contains("eeee");
    }
}
