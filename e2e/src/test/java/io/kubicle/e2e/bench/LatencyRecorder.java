package io.kubicle.e2e.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * Latency samples in nanoseconds, kept exactly (a benchmark run holds at most a few hundred thousand). One recorder
 * per client thread; {@link #merge} combines them after the phase. Percentiles are nearest-rank.
 */
final class LatencyRecorder {
    private long[] samples = new long[1024];
    private int count;

    void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    int count() {
        return count;
    }

    static LatencyRecorder merge(Collection<LatencyRecorder> parts) {
        LatencyRecorder all = new LatencyRecorder();
        int total = parts.stream().mapToInt(LatencyRecorder::count).sum();
        all.samples = new long[Math.max(total, 1)];
        for (LatencyRecorder r : parts) {
            System.arraycopy(r.samples, 0, all.samples, all.count, r.count);
            all.count += r.count;
        }
        return all;
    }

    /** The p-th percentile (0 &lt; p &le; 100) in milliseconds, or NaN without samples. */
    double percentileMillis(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.min(Math.max(rank, 1), count) - 1] / 1e6;
    }

    double maxMillis() {
        return percentileMillis(100);
    }
}
