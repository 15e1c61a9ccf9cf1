package ai.induo.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap of a service process under load, from two sources: its {@code jvm_memory_used_bytes}
 * metrics, sampled every {@link #SAMPLE_EVERY}, and its GC log ({@link #gcLogOption(Path)}), whose
 * lines give the heap just before and just after every collection. Between collections the heap
 * only grows, so the sampled maximum and the before-collection figures together give the peak; the
 * after-collection figures are what was still reachable, what the requests in flight really held.
 */
final class HeapMonitor implements AutoCloseable {

    static final Duration SAMPLE_EVERY = Duration.ofMillis(100);
    static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(2);
    static final long MIB = 1024 * 1024;

    /**
     * A collection in a {@code -Xlog:gc} line, with the heap before, after and committed, e.g.
     * {@code Pause Young (Normal) (G1 Evacuation Pause) 250M->30M(512M)}; remark and cleanup pauses
     * collect nothing and do not match.
     */
    private static final Pattern COLLECTION =
            Pattern.compile("Pause (?:Young|Full).* (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
    private static final String HEAP_USED_METRIC = "jvm_memory_used_bytes{";
    private static final String HEAP_AREA = "area=\"heap\"";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(SCRAPE_TIMEOUT).build();
    private final HttpRequest scrape;
    private final Path gcLog;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "heap-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong peakSampled = new AtomicLong();
    private final AtomicInteger samples = new AtomicInteger();
    private final AtomicInteger missedSamples = new AtomicInteger();

    private HeapMonitor(URI metrics, Path gcLog) {
        this.scrape = HttpRequest.newBuilder(metrics).timeout(SCRAPE_TIMEOUT).build();
        this.gcLog = gcLog;
    }

    /** The JVM option that makes a service write the GC log this reads to {@code gcLog}. */
    static String gcLogOption(Path gcLog) {
        return "-Xlog:gc:file=" + gcLog.toAbsolutePath();
    }

    /** Starts sampling the service whose Prometheus metrics are at {@code metrics}, with its GC log at {@code gcLog}. */
    static HeapMonitor start(URI metrics, Path gcLog) {
        HeapMonitor monitor = new HeapMonitor(metrics, gcLog);
        monitor.sampler.scheduleWithFixedDelay(monitor::sample, 0, SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return monitor;
    }

    /** Starts a window of the run; its figures cover what happens until {@link Window#end()}. */
    Window begin() throws IOException {
        peakSampled.set(0);
        samples.set(0);
        missedSamples.set(0);
        return new Window(gcLogLines().size());
    }

    /** Samples taken since the window began. */
    int samples() {
        return samples.get();
    }

    /** The heap over one window of the run. */
    final class Window {

        private final int firstGcLine;

        private Window(int firstGcLine) {
            this.firstGcLine = firstGcLine;
        }

        /** The heap figures from the window's start until now. */
        Figures end() throws IOException {
            List<String> lines = gcLogLines();
            long peakBeforeGc = 0;
            long maxAfterGc = -1;
            long latestAfterGc = -1;
            int collections = 0;
            for (int i = 0; i < lines.size(); i++) {
                Matcher collection = COLLECTION.matcher(lines.get(i));
                if (!collection.find()) {
                    continue;
                }
                latestAfterGc = bytes(collection.group(3), collection.group(4));
                if (i >= firstGcLine) {
                    collections++;
                    peakBeforeGc = Math.max(peakBeforeGc, bytes(collection.group(1), collection.group(2)));
                    maxAfterGc = Math.max(maxAfterGc, latestAfterGc);
                }
            }
            return new Figures(Math.max(peakSampled.get(), peakBeforeGc), maxAfterGc, latestAfterGc, collections,
                    samples.get(), missedSamples.get());
        }
    }

    /**
     * The heap over one window.
     *
     * @param peakUsedBytes the most heap in use at any point seen
     * @param maxAfterGcBytes the most heap still in use after a collection; -1 when there was none
     * @param latestAfterGcBytes the heap in use after the latest collection so far, in the window or
     *     before it; -1 when there was none
     * @param collections collections in the window
     * @param samples metric samples taken in the window
     * @param missedSamples scrapes in the window that failed or timed out; the GC log covers their time
     */
    record Figures(long peakUsedBytes, long maxAfterGcBytes, long latestAfterGcBytes, int collections, int samples,
            int missedSamples) {
    }

    /** Adds one sample; a scrape that fails or times out under load is counted as missed. */
    private void sample() {
        try {
            String metrics = client.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
            long used = 0;
            for (String line : metrics.split("\n")) {
                if (line.startsWith(HEAP_USED_METRIC) && line.contains(HEAP_AREA)) {
                    used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            peakSampled.accumulateAndGet(used, Math::max);
            samples.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            missedSamples.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<String> gcLogLines() throws IOException {
        return Files.exists(gcLog) ? Files.readAllLines(gcLog) : List.of();
    }

    private static long bytes(String amount, String unit) {
        long value = Long.parseLong(amount);
        return switch (unit) {
            case "K" -> value * 1024;
            case "M" -> value * MIB;
            default -> value * MIB * 1024;
        };
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
