package ai.induo.bench.platform;

import ai.induo.bench.BenchContext;
import ai.induo.bench.Results;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Half the saturation rate for ten minutes (quick: one), open loop: the heap of the gateway and the
 * worker in the first and in the last window (a minute, or a fifth of a shorter soak), each taken as
 * the lowest sample of its window, what the collections left: flat means within 10 %.
 */
final class Soak {

    static final Duration FULL = Duration.ofMinutes(10);
    static final Duration QUICK = Duration.ofMinutes(1);
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final double MINIMUM_RATE = 1;
    /** The target: the heap after GC within this many percent from the first window to the last. */
    static final double FLAT_PERCENT = 10;

    private final ApiClient client;
    private final HeapSampler heap;

    Soak(ApiClient client, HeapSampler heap) {
        this.client = client;
        this.heap = heap;
    }

    void run(BenchContext context, double rate, Duration drainLimit, Results results) throws InterruptedException {
        Duration length = context.quick() ? QUICK : FULL;
        double offered = Math.max(rate, MINIMUM_RATE);
        results.put("platform.soak.minutes", length.toSeconds() / 60.0);
        results.put("platform.soak.rate", offered);
        long start = System.nanoTime();
        JobTracker tracker = PlatformSection.offer(client, new OpenLoopSchedule(offered, length));
        long end = System.nanoTime();
        tracker.awaitAll(drainLimit);
        tracker.putInto(results, "platform.soak");
        long window = windowNanos(length);
        double first = 0;
        double last = 0;
        for (String service : List.of("gateway", "worker")) {
            OptionalDouble firstMb = heap.minMb(service, start, start + window);
            OptionalDouble lastMb = heap.minMb(service, end - window, end);
            if (firstMb.isEmpty() || lastMb.isEmpty()) {
                results.put("platform.soak.missing", "no heap sample of the " + service + " in a window");
                return;
            }
            String prefix = "platform.soak." + service;
            results.put(prefix + ".heap_after_gc_first_mb", firstMb.getAsDouble());
            results.put(prefix + ".heap_after_gc_last_mb", lastMb.getAsDouble());
            results.put(prefix + ".heap_growth_pct", growthPercent(firstMb.getAsDouble(), lastMb.getAsDouble()));
            first += firstMb.getAsDouble();
            last += lastMb.getAsDouble();
        }
        results.put("platform.soak.window_s", window / 1e9);
        results.put("platform.soak.heap_after_gc_first_mb", first);
        results.put("platform.soak.heap_after_gc_last_mb", last);
        double growth = growthPercent(first, last);
        results.put("platform.soak.heap_growth_pct", growth);
        results.put("platform.soak.heap_flat", Math.abs(growth) <= FLAT_PERCENT ? "yes" : "no");
    }

    /** A minute, or a fifth of a soak shorter than five minutes, so the first and last windows never overlap. */
    static long windowNanos(Duration length) {
        return Math.min(WINDOW.toNanos(), length.toNanos() / 5);
    }

    static double growthPercent(double first, double last) {
        return (last - first) / first * 100;
    }
}
