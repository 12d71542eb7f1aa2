package io.rambla.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.support.Checkov;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Runs checkov over every golden template (the example repository's stacks among them). A finding
 * fails the test unless its check is in the commented list of deliberate ones,
 * {@code checkov.yaml} beside the goldens; an entry there that no longer fails anywhere fails the
 * test too, so the list says exactly what Rambla chooses not to do.
 */
class CheckovTest {

    @Test
    void every_golden_passes_checkov_but_the_documented_deliberate_checks() throws Exception {
        Map<String, Set<String>> failed = Checkov.failedChecks(Goldens.root());
        Set<String> deliberate = Checkov.skippedChecks(Goldens.root().resolve("checkov.yaml"));

        Map<String, Set<String>> unexpected = new TreeMap<>(failed);
        unexpected.keySet().removeAll(deliberate);
        assertThat(unexpected).as("checkov findings not in checkov.yaml").isEmpty();
        assertThat(failed.keySet()).as("every check listed as deliberate in checkov.yaml still fails somewhere")
                .containsAll(deliberate);
    }
}
