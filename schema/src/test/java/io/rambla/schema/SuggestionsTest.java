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
}
