package io.rambla.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimedGitSourceTest {

    private final List<Boolean> outcomes = new ArrayList<>();
    private final FetchListener recorder = (took, ok) -> {
        assertThat(took.isNegative()).isFalse();
        outcomes.add(ok);
    };

    @Test
    void a_successful_fetch_is_reported_and_its_checkout_returned() throws Exception {
        var checkout = new Checkout("4f2c9e1a7b3d", Path.of("/tmp/checkout"));
        GitSource source = TimedGitSource.of(() -> checkout, List.of(recorder));

        assertThat(source.fetch()).isSameAs(checkout);
        assertThat(outcomes).containsExactly(true);
    }

    @Test
    void a_failed_fetch_is_reported_and_its_error_passed_on() {
        GitSource source = TimedGitSource.of(() -> {
            throw new SourceException("could not fetch main", null);
        }, List.of(recorder));

        assertThatThrownBy(source::fetch).isInstanceOf(SourceException.class).hasMessage("could not fetch main");
        assertThat(outcomes).containsExactly(false);
    }

    @Test
    void without_listeners_the_source_is_used_as_it_is() {
        GitSource plain = () -> null;

        assertThat(TimedGitSource.of(plain, List.of())).isSameAs(plain);
    }
}
