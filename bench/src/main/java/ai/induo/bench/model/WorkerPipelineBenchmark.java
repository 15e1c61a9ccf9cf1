package ai.induo.bench.model;

import ai.induo.bench.BenchContext;
import ai.induo.bench.Results;
import ai.induo.bench.floor.JobInputs;
import ai.induo.bench.platform.ApiClient;
import ai.induo.bench.platform.ManagementMetrics;
import ai.induo.bench.platform.PlatformSection;
import ai.induo.bench.stack.LocalStack;
import ai.induo.model.BenchmarkModelBuilder;
import ai.induo.model.ModelFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker with the benchmark model on the local stack, at a full queue: {@value #CLIENTS} clients
 * each submit a job and follow it to its end, then submit the next, so {@value #CLIENTS} jobs are
 * always in the system, several batches' worth waiting for the worker. After a warm-up, the worker's own metrics over a fixed window give its images/s (jobs it
 * finished), its mean batch size and the share of the window its model was running.
 */
final class WorkerPipelineBenchmark {

    /** The worker's {@code induo.worker.batch.max-size}: the raw figure at this batch size is the reference. */
    static final int MAX_BATCH = 8;
    /** The worker's jobs in flight, {@code induo.worker.concurrency}: one batch prepared while another runs, as its docs advise. */
    static final int JOB_THREADS = 2 * MAX_BATCH;
    /** Enough clients for several full batches waiting while one runs. */
    static final int CLIENTS = 4 * MAX_BATCH;
    static final String SUCCEEDED = "induo_worker_jobs_total";
    static final String SUCCEEDED_LABEL = "outcome=\"succeeded\"";
    static final String INFERENCE_SECONDS = "induo_worker_inference_seconds_sum";
    static final String RUNS = "induo_worker_inference_seconds_count";
    static final String IMAGES = "induo_worker_batch_size_sum";

    private static final Duration WARM_UP = Duration.ofSeconds(60);
    private static final Duration WINDOW = Duration.ofSeconds(120);
    private static final Duration DRAIN = Duration.ofMinutes(3);

    private WorkerPipelineBenchmark() {
    }

    /** Runs the worker at a full queue and puts {@code <prefix>.*} and its settings into the results. */
    static void measure(BenchContext context, SessionSettings session, Path work, Results results, String prefix)
            throws Exception {
        Path model = ModelFiles.write(work.resolve("model"), BenchmarkModelBuilder.FILE_NAME, BenchmarkModelBuilder.build());
        Map<String, String> settings = new LinkedHashMap<>(PlatformSection.settings(model));
        settings.putAll(session.workerEnvironment());
        settings.put("INDUO_WORKER_BATCH_MAX_SIZE", Integer.toString(MAX_BATCH));
        settings.put("INDUO_WORKER_CONCURRENCY", Integer.toString(JOB_THREADS));
        settings.forEach((key, value) -> results.put(prefix + ".settings." + key, value));
        results.put(prefix + ".clients", CLIENTS);
        try (LocalStack stack = LocalStack.start(context, settings)) {
            ApiClient client = ApiClient.forNewAccount(stack.baseUrl(), JobInputs.generate());
            ManagementMetrics worker = new ManagementMetrics(stack.workerManagement());
            AtomicInteger refused = new AtomicInteger();
            Duration warmUp = context.scaled(WARM_UP);
            Duration window = context.scaled(WINDOW);
            long end = System.nanoTime() + warmUp.plus(window).toNanos();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    clients.submit(() -> submitUntil(client, end, refused));
                }
                Thread.sleep(warmUp.toMillis());
                String before = worker.scrape();
                long started = System.nanoTime();
                Thread.sleep(window.toMillis());
                String after = worker.scrape();
                double seconds = (System.nanoTime() - started) / 1e9;
                results.put(prefix + ".window_s", seconds);
                put(results, prefix + ".images_per_s", delta(before, after, SUCCEEDED, SUCCEEDED_LABEL), seconds);
                OptionalDouble images = delta(before, after, IMAGES, "");
                OptionalDouble runs = delta(before, after, RUNS, "");
                if (images.isPresent() && runs.isPresent()) {
                    put(results, prefix + ".batch_size_mean", images, runs.getAsDouble());
                } else {
                    results.put(prefix + ".batch_size_mean_missing", "no " + IMAGES + " or " + RUNS
                            + " on the worker's /q/metrics: a worker that does not batch");
                }
                put(results, "model.busy_share", delta(before, after, INFERENCE_SECONDS, ""), seconds);
            } finally {
                clients.shutdown();
                clients.awaitTermination(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
                results.put(prefix + ".refused_or_failed", refused.get());
            }
        }
    }

    /** Submits a job, waits for its end, and again, until {@code end}; counts what the gateway refused or what failed. */
    private static void submitUntil(ApiClient client, long end, AtomicInteger refused) {
        while (System.nanoTime() < end) {
            try {
                client.submit().thenCompose(client::awaitTerminal).join();
            } catch (CompletionException e) {
                refused.incrementAndGet();
            }
        }
    }

    /** How much {@code metric} grew between the two pages; empty when the worker does not have it. */
    static OptionalDouble delta(String before, String after, String metric, String label) {
        OptionalDouble earlier = ManagementMetrics.sum(before, metric, label);
        OptionalDouble later = ManagementMetrics.sum(after, metric, label);
        return later.isPresent() ? OptionalDouble.of(later.getAsDouble() - earlier.orElse(0)) : OptionalDouble.empty();
    }

    /** Puts {@code value / divisor}, or why it is missing. */
    private static void put(Results results, String path, OptionalDouble value, double divisor) {
        if (value.isPresent() && divisor > 0) {
            results.put(path, value.getAsDouble() / divisor);
        } else {
            results.put(path + "_missing", "the worker's /q/metrics has no such figure, or it did not move");
        }
    }
}
