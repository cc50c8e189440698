package io.kubicle.storage.bench;

import java.util.Arrays;

/**
 * Records latencies in nanoseconds from any thread and reports exact percentiles (nearest rank
 * over every recorded value; the runs are short enough to keep them all).
 */
final class LatencyRecorder {
    private long[] values = new long[4096];
    private int size;

    synchronized void record(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized int count() {
        return size;
    }

    synchronized Snapshot snapshot() {
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        return new Snapshot(sorted);
    }

    /** A sorted copy of what was recorded. */
    record Snapshot(long[] sorted) {

        int count() {
            return sorted.length;
        }

        /** Nearest-rank percentile, {@code p} in (0, 100]; NaN-free: 0 when nothing was recorded. */
        long percentile(double p) {
            if (sorted.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
        }

        long p50() {
            return percentile(50);
        }

        long p99() {
            return percentile(99);
        }

        long max() {
            return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
        }
    }
}
