package io.rambla.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.exceptions.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code rambla.sync.listing-max-age}: how long the sync's listing cache is trusted; a cluster lists at every sync. */
class ListingSettingTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theMaxAgeIsTakenAsGivenByADaemonRunningAlone() {
        assertThat(ReconcilerFactory.listingPolicy(Duration.ofMinutes(10), false).maxAge()).isEqualTo(Duration.ofMinutes(10));
        assertThat(ReconcilerFactory.listingPolicy(Duration.ZERO, false).maxAge()).isZero();
    }

    @Test
    void aClusterListsAtEverySyncWhateverTheSetting() {
        assertThat(ReconcilerFactory.listingPolicy(Duration.ofMinutes(10), true).maxAge()).isZero();
    }

    @Test
    void aNegativeMaxAgeStopsTheDaemonWithTheSettingsName() {
        assertThatThrownBy(() -> ReconcilerFactory.listingPolicy(Duration.ofSeconds(-5), false))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("rambla.sync.listing-max-age");
    }

    @Test
    void theConfigurationDocsStateTheDefaultTheFactoryUses() throws Exception {
        String doc = Files.readString(ROOT.resolve("docs/configuration.md"), StandardCharsets.UTF_8);
        assertThat(doc).contains("| `rambla.sync.listing-max-age` | `" + ReconcilerFactory.DEFAULT_LISTING_MAX_AGE + "` |");
    }
}
