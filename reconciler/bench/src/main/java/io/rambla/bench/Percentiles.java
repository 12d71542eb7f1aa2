package io.rambla.bench;

import java.util.Arrays;
import java.util.List;

/** Nearest-rank percentiles: the value below which {@code p} percent of the samples fall, always a measured sample. */
public final class Percentiles {

    private Percentiles() {}

    public static long of(List<Long> samples, double p) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        long[] sorted = samples.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
