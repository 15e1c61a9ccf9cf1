package ai.induo.bench.platform;

import ai.induo.bench.BenchContext;
import ai.induo.bench.BenchSection;
import ai.induo.bench.Results;
import ai.induo.bench.floor.JobInputs;
import ai.induo.bench.stack.LocalStack;
import ai.induo.bench.stack.ScratchDirectory;
import ai.induo.model.ModelDigest;
import ai.induo.model.NoOpModelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The whole path, HTTP submit to final status, on the local stack with the no-op model (Kafka queue,
 * the default): jobs/s at saturation, latency at fixed offered rates, CPU per job per process,
 * database commands per job, heap peak, and a soak that shows whether the heap stays flat.
 */
public final class PlatformSection implements BenchSection {

    static final int SATURATION_CLIENTS = 32;
    static final List<Integer> OFFERED_RATES = List.of(5, 20, 50);
    static final String PLAN_LIMIT = "100000";
    private static final double WARM_UP_RATE = 10;
    private static final Duration HEAP_SAMPLE_INTERVAL = Duration.ofSeconds(1);
    private static final String DB_COMMANDS = "mongodb_driver_commands_seconds_count";

    @Override
    public String name() {
        return "platform";
    }

    @Override
    public void run(BenchContext context, Results results) throws Exception {
        Path work = ScratchDirectory.fresh(context.workFor(name()));
        Map<String, String> settings = settings(NoOpModelBuilder.write(work.resolve("model")));
        settings.forEach((key, value) -> results.put("platform.settings." + key, value));
        try (LocalStack stack = LocalStack.start(context, settings)) {
            ApiClient client = ApiClient.forNewAccount(stack.baseUrl(), JobInputs.generate());
            ManagementMetrics gateway = new ManagementMetrics(stack.gatewayManagement());
            ManagementMetrics worker = new ManagementMetrics(stack.workerManagement());
            Duration drainLimit = Duration.ofSeconds(context.scaled(180, 60));
            try (HeapSampler heap = new HeapSampler(Map.of("gateway", gateway, "worker", worker), HEAP_SAMPLE_INTERVAL)) {
                JobTracker warmUp = offer(client, new OpenLoopSchedule(WARM_UP_RATE,
                        Duration.ofSeconds(context.scaled(60, 6))));
                warmUp.awaitAll(drainLimit);
                warmUp.putInto(results, "platform.warm_up");
                double completedPerSecond = saturation(context, stack, client, List.of(gateway, worker), drainLimit, results);
                for (int rate : OFFERED_RATES) {
                    String prefix = "platform.load_" + rate;
                    JobTracker load = offer(client, new OpenLoopSchedule(rate, Duration.ofSeconds(context.scaled(20, 4))));
                    load.awaitAll(drainLimit);
                    load.putInto(results, prefix);
                    results.put(prefix + ".achieved_jobs_per_s", load.succeededPerSecond());
                }
                new Soak(client, heap).run(context, completedPerSecond / 2, drainLimit, results);
                for (String service : List.of("gateway", "worker")) {
                    heap.peakMb(service).ifPresent(peak -> results.put("platform.heap_peak_mb." + service, peak));
                }
            }
        }
    }

    /** The stack's settings: the no-op model for the worker, plan limits far above what the bench offers. */
    public static Map<String, String> settings(Path model) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("INDUO_WORKER_MODEL_PATH", model.toString());
        settings.put("INDUO_WORKER_MODEL_SHA256", ModelDigest.sha256Hex(Files.readAllBytes(model)));
        for (String limit : List.of("REQUESTS_PER_SECOND", "BURST", "ACCOUNT_REQUESTS_PER_SECOND", "ACCOUNT_BURST",
                "MAX_ACTIVE_JOBS", "MAX_STREAMS")) {
            settings.put("INDUO_GATEWAY_PLANS__DEFAULT__" + limit, PLAN_LIMIT);
        }
        return settings;
    }

    /**
     * {@value #SATURATION_CLIENTS} clients submit as fast as they are answered for a fixed time; every
     * accepted job is followed to its end. CPU and database commands are counted from the start until
     * the last job has ended, so every job the phase accepted is in them; returns the completed rate.
     */
    private static double saturation(BenchContext context, LocalStack stack, ApiClient client,
            List<ManagementMetrics> services, Duration drainLimit, Results results) throws Exception {
        ProcessCpuSnapshot cpuBefore = ProcessCpuSnapshot.of(stack);
        OptionalDouble commandsBefore = dbCommands(services);
        JobTracker tracker = new JobTracker(client);
        long end = System.nanoTime() + Duration.ofSeconds(context.scaled(30, 5)).toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(SATURATION_CLIENTS);
        for (int i = 0; i < SATURATION_CLIENTS; i++) {
            clients.submit(() -> {
                while (System.nanoTime() < end) {
                    try {
                        tracker.submitAndFollow().join();
                    } catch (CompletionException refused) {
                        // counted by the tracker; the client goes on submitting
                    }
                }
            });
        }
        clients.shutdown();
        clients.awaitTermination(end - System.nanoTime() + drainLimit.toNanos(), TimeUnit.NANOSECONDS);
        long submittedUntil = System.nanoTime();
        tracker.awaitAll(drainLimit);
        Map<String, Double> cpu = ProcessCpuSnapshot.of(stack).since(cpuBefore);
        OptionalDouble commandsAfter = dbCommands(services);
        tracker.putInto(results, "platform.saturation");
        results.put("platform.saturation.clients", SATURATION_CLIENTS);
        results.put("platform.saturation.accepted_jobs_per_s", tracker.acceptedPerSecond(submittedUntil));
        results.put("platform.saturation.completed_jobs_per_s", tracker.succeededPerSecond());
        int jobs = Math.max(tracker.succeeded(), 1);
        cpu.forEach((process, millis) -> results.put("platform.cpu_ms_per_job." + process, millis / jobs));
        if (commandsBefore.isPresent() && commandsAfter.isPresent()) {
            results.put("platform.db_commands_per_job", (commandsAfter.getAsDouble() - commandsBefore.getAsDouble()) / jobs);
        } else {
            results.put("platform.db_commands_per_job_missing", "no " + DB_COMMANDS + " on the gateway's or the worker's "
                    + "/q/metrics: the MongoDB driver's command metrics are off");
        }
        return tracker.succeededPerSecond();
    }

    /** Offers jobs on {@code schedule}, each followed to its end in the background; returns once the last is offered. */
    static JobTracker offer(ApiClient client, OpenLoopSchedule schedule) {
        JobTracker tracker = new JobTracker(client);
        schedule.run(i -> tracker.submitAndFollow());
        return tracker;
    }

    /** The database commands both services have sent so far, or empty when either does not count them. */
    private static OptionalDouble dbCommands(List<ManagementMetrics> services) throws Exception {
        double sum = 0;
        for (ManagementMetrics service : services) {
            OptionalDouble count = ManagementMetrics.sum(service.scrape(), DB_COMMANDS, "");
            if (count.isEmpty()) {
                return OptionalDouble.empty();
            }
            sum += count.getAsDouble();
        }
        return OptionalDouble.of(sum);
    }
}
