package ai.induo.bench.platform;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.DoubleStream;

/**
 * Follows the heap of the gateway and the worker: {@code jvm_memory_used_bytes{area="heap"}} (all
 * heap pools) from each one's {@code /q/metrics}, sampled on a daemon thread at a fixed interval.
 */
final class HeapSampler implements AutoCloseable {

    static final String HEAP_USED = "jvm_memory_used_bytes";
    static final String HEAP_AREA = "area=\"heap\"";
    private static final double MB = 1024.0 * 1024.0;

    private final Map<String, ManagementMetrics> services;
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "heap-sampler");
        thread.setDaemon(true);
        return thread;
    });

    /** One reading: when ({@link System#nanoTime()}), and each service's heap in MiB (NaN when unread). */
    record Sample(long nanos, Map<String, Double> heapMb) {
    }

    HeapSampler(Map<String, ManagementMetrics> services, Duration interval) {
        this.services = Map.copyOf(services);
        sampler.scheduleAtFixedRate(this::sample, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void sample() {
        Map<String, Double> heap = new HashMap<>();
        services.forEach((name, metrics) -> heap.put(name, read(metrics)));
        synchronized (samples) {
            samples.add(new Sample(System.nanoTime(), Map.copyOf(heap)));
        }
    }

    private static double read(ManagementMetrics metrics) {
        try {
            return ManagementMetrics.sum(metrics.scrape(), HEAP_USED, HEAP_AREA).orElse(Double.NaN) / MB;
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    /** The highest heap of {@code service} sampled so far, in MiB. */
    OptionalDouble peakMb(String service) {
        return values(service, Long.MIN_VALUE, Long.MAX_VALUE).max();
    }

    /**
     * The lowest heap of {@code service} sampled between two {@link System#nanoTime()} readings: what
     * survived the collections in that window, a stand-in for the heap after GC.
     */
    OptionalDouble minMb(String service, long fromNanos, long toNanos) {
        return values(service, fromNanos, toNanos).min();
    }

    private DoubleStream values(String service, long fromNanos, long toNanos) {
        List<Sample> copy;
        synchronized (samples) {
            copy = List.copyOf(samples);
        }
        return copy.stream().filter(s -> s.nanos() >= fromNanos && s.nanos() <= toNanos)
                .mapToDouble(s -> s.heapMb().getOrDefault(service, Double.NaN)).filter(v -> !Double.isNaN(v));
    }

    @Override
    public void close() throws InterruptedException {
        sampler.shutdownNow();
        sampler.awaitTermination(1, TimeUnit.MINUTES);
    }
}
