package ai.induo.bench;

import java.util.Arrays;

/**
 * Latencies of one phase, in nanoseconds, and their percentiles by the nearest-rank method. Safe to
 * record from several threads.
 */
public final class Latencies {

    private long[] values = new long[1024];
    private int size;

    /** Records one latency. */
    public synchronized void record(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    /** How many were recorded. */
    public synchronized int count() {
        return size;
    }

    /**
     * The {@code percentile} (0 < p ≤ 100) in milliseconds: the smallest recorded value with at least
     * p % of the values at or below it; NaN when nothing was recorded.
     */
    public synchronized double percentileMillis(double percentile) {
        if (percentile <= 0 || percentile > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + percentile);
        }
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100 * size);
        return sorted[Math.max(rank, 1) - 1] / 1e6;
    }

    /** Puts {@code <prefix>.p50_ms}, {@code .p99_ms} and {@code .count} into the results. */
    public void putInto(Results results, String prefix) {
        results.put(prefix + ".p50_ms", percentileMillis(50));
        results.put(prefix + ".p99_ms", percentileMillis(99));
        results.put(prefix + ".count", count());
    }
}
