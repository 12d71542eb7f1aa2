package io.rambla.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    private static final List<Long> ONE_TO_TWENTY = List.of(20L, 1L, 19L, 2L, 18L, 3L, 17L, 4L, 16L, 5L, 15L, 6L, 14L, 7L, 13L, 8L, 12L, 9L, 11L, 10L);

    @Test
    void theMedianOfTwentySamplesIsTheTenthSmallest() {
        assertThat(Percentiles.of(ONE_TO_TWENTY, 50)).isEqualTo(10L);
    }

    @Test
    void theNinetyFifthPercentileOfTwentySamplesIsTheNineteenthSmallest() {
        assertThat(Percentiles.of(ONE_TO_TWENTY, 95)).isEqualTo(19L);
    }

    @Test
    void theHundredthPercentileIsTheMaximumAndASingleSampleIsEveryPercentile() {
        assertThat(Percentiles.of(ONE_TO_TWENTY, 100)).isEqualTo(20L);
        assertThat(Percentiles.of(List.of(42L), 1)).isEqualTo(42L);
        assertThat(Percentiles.of(List.of(42L), 95)).isEqualTo(42L);
    }

    @Test
    void noSamplesOrAPercentileOutOfRangeAreRefused() {
        assertThatThrownBy(() -> Percentiles.of(List.of(), 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.of(List.of(1L), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.of(List.of(1L), 101)).isInstanceOf(IllegalArgumentException.class);
    }
}
