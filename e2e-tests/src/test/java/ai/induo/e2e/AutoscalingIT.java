package ai.induo.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.induo.e2e.CarefulClient.Account;
import ai.induo.e2e.CarefulClient.Submission;
import ai.induo.testing.SampleImages;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Autoscaling on one machine, as KEDA would do it on a cluster: the platform starts with no worker;
 * every second a scaler reads the worker {@code ScaledObject}'s query, {@code induo_jobs_waiting} from
 * the gateway's metrics plus {@code induo_worker_busy_slots} from each ready worker's, applies the
 * {@link ScalingRule} the {@code ScaledObject} configures, and starts real worker processes
 * or stops them with SIGTERM (so they drain), while clients submit a burst of jobs and then stop.
 * Workers must go from 0 up to several and back to 0, and every accepted job must succeed once
 * (one attempt, one output object), none lost or run twice across the scale-in. The scaling timeline
 * is printed and written to {@code scaling-timeline.txt} in the run's directory.
 */
class AutoscalingIT {

    private static final Path WORK = Path.of("target", "autoscaling-" + UUID.randomUUID());
    private static final int ACCOUNTS = 4;
    private static final int JOBS_PER_ACCOUNT = 30;
    /** Jobs waiting or running per worker (the ScaledObject's threshold, scaled to this machine's worker speed). */
    private static final double TARGET = 10;
    private static final double ACTIVATION = 0;
    private static final int MAX_WORKERS = 3;
    private static final Duration COOLDOWN = Duration.ofSeconds(10);
    private static final Duration SCALE_DOWN_PERIOD = Duration.ofSeconds(3);
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration JOBS_DONE = Duration.ofMinutes(4);
    private static final Duration BACK_TO_ZERO = Duration.ofMinutes(2);
    private static final int PERSON_WIDTH = 256;
    private static final int PERSON_HEIGHT = 384;
    private static final int PRODUCT_SIZE = 128;
    private static final String TIMELINE_FILE = "scaling-timeline.txt";

    private static final ExecutorService PARTS = Executors.newCachedThreadPool();

    private static ChaosPlatform platform;
    private static CarefulClient client;

    /** One scaler tick: seconds since the start, jobs waiting, slots busy, workers ready, starting and stopping. */
    private record Tick(long second, double waiting, double busy, int ready, int starting, int stopping, int desired) {
        @Override
        public String toString() {
            return String.format("%6d  %8.0f  %5.0f  %6d  %8d  %8d  %7d", second, waiting, busy, ready, starting, stopping,
                    desired);
        }
    }

    @BeforeAll
    static void startPlatform() throws IOException {
        platform = ChaosPlatform.start(WORK, 0);
        client = new CarefulClient(platform.gatewayUri(), platform.gatewayManagementUri());
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
        PARTS.shutdownNow();
    }

    @Test
    void workersScaleFromZeroUpAndBackToZeroAndEveryJobSucceedsOnce() throws Exception {
        List<Account> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.add(client.signUp("scaling-client-" + i));
        }
        byte[] body = CarefulClient.jobBody(SampleImages.personPng(PERSON_WIDTH, PERSON_HEIGHT),
                SampleImages.productPng(PRODUCT_SIZE, PRODUCT_SIZE), null, Map.of());
        Scaler scaler = new Scaler(new ScalingRule(TARGET, ACTIVATION, MAX_WORKERS, COOLDOWN, SCALE_DOWN_PERIOD));
        List<Submission> submissions;
        try {
            scaler.start();
            submissions = submitBurst(accounts, body);
            await().atMost(JOBS_DONE).pollInterval(TICK).until(() -> allEnded(accounts));
            await().atMost(BACK_TO_ZERO).pollInterval(TICK).until(scaler::atRest);
        } finally {
            scaler.close();
        }
        String timeline = scaler.timeline();
        System.out.println(timeline);
        Files.writeString(WORK.resolve(TIMELINE_FILE), timeline, StandardCharsets.UTF_8);

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(submissions).as("every submission accepted").allMatch(submission -> submission.jobId != null);
        softly.assertThat(scaler.ticks().get(0).ready()).as("no worker at the start").isZero();
        softly.assertThat(scaler.ticks().stream().mapToInt(Tick::ready).max().orElse(0)).as("workers at the peak")
                .isGreaterThanOrEqualTo(2);
        softly.assertThat(scaler.ticks().get(scaler.ticks().size() - 1).ready()).as("workers at the end").isZero();
        for (Account account : accounts) {
            for (JsonNode job : client.jobs(account)) {
                String id = job.path("id").asText();
                softly.assertThat(job.path("status").asText()).as("status of " + id).isEqualTo("succeeded");
                softly.assertThat(job.path("attempts").asInt()).as("attempts of " + id).isEqualTo(1);
                softly.assertThat(platform.outputObjects(account.id(), id)).as("output objects of " + id).isEqualTo(1);
            }
        }
        softly.assertAll();
    }

    private static List<Submission> submitBurst(List<Account> accounts, byte[] body) {
        List<CompletableFuture<List<Submission>>> perAccount = new ArrayList<>();
        for (Account account : accounts) {
            perAccount.add(CompletableFuture.supplyAsync(() -> {
                List<Submission> sent = new ArrayList<>();
                for (int i = 0; i < JOBS_PER_ACCOUNT; i++) {
                    sent.add(client.submit(account, i, body));
                }
                return sent;
            }, PARTS));
        }
        return perAccount.stream().flatMap(future -> future.join().stream()).toList();
    }

    private static boolean allEnded(List<Account> accounts) {
        return accounts.stream().allMatch(account -> client.jobs(account).stream()
                .allMatch(job -> Set.of("succeeded", "failed", "cancelled", "expired").contains(job.path("status").asText())));
    }

    /** The scaler loop: KEDA's polling, the HPA's decision, and the cluster starting and stopping pods. */
    private static final class Scaler implements AutoCloseable {

        private final ScalingRule rule;
        private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
        private final HttpClient http = HttpClient.newHttpClient();
        private final Instant began = Instant.now();
        private final List<Tick> ticks = new CopyOnWriteArrayList<>();
        /** Workers asked for, newest last: started or starting. */
        private final List<CompletableFuture<ServiceProcess>> up = new ArrayList<>();
        private final List<CompletableFuture<Void>> stopping = new ArrayList<>();

        Scaler(ScalingRule rule) {
            this.rule = rule;
        }

        void start() {
            loop.scheduleAtFixedRate(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        }

        List<Tick> ticks() {
            return List.copyOf(ticks);
        }

        synchronized boolean atRest() {
            return up.isEmpty() && stopping.stream().allMatch(CompletableFuture::isDone) && !ticks.isEmpty()
                    && ticks.get(ticks.size() - 1).ready() == 0;
        }

        private synchronized void tick() {
            Instant now = Instant.now();
            double waiting = sum(platform.gatewayManagementUri(), "induo_jobs_waiting{");
            double busy = 0;
            for (CompletableFuture<ServiceProcess> worker : up) {
                if (worker.isDone() && !worker.isCompletedExceptionally()) {
                    busy += sum(worker.join().managementUri(), "induo_worker_busy_slots ");
                }
            }
            int desired = rule.desired(up.size(), waiting + busy, now);
            while (up.size() < desired) {
                up.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return platform.startWorker();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, PARTS));
            }
            while (up.size() > desired) {
                stopping.add(up.remove(up.size() - 1).thenAcceptAsync(ServiceProcess::stop, PARTS));
            }
            stopping.removeIf(CompletableFuture::isDone);
            int ready = (int) up.stream().filter(worker -> worker.isDone() && !worker.isCompletedExceptionally()).count();
            ticks.add(new Tick(Duration.between(began, now).toSeconds(), waiting, busy, ready, up.size() - ready,
                    stopping.size(), desired));
        }

        /**
         * The sum of the samples whose line starts with {@code prefix} on the metrics page under
         * {@code management}; 0 when it does not answer. With one gateway, the query's max over
         * gateways is that gateway's own figure.
         */
        private double sum(URI management, String prefix) {
            URI metrics = management.resolve("metrics");
            try {
                String body = http.send(HttpRequest.newBuilder(metrics).timeout(TICK).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                return body.lines().filter(line -> line.startsWith(prefix))
                        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
            } catch (IOException e) {
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }

        String timeline() {
            StringBuilder out = new StringBuilder("scaling timeline (target " + TARGET + " waiting or running per worker, max "
                    + MAX_WORKERS + ", cooldown " + COOLDOWN.toSeconds() + " s, scale-down 1 per "
                    + SCALE_DOWN_PERIOD.toSeconds() + " s)\n");
            out.append("second   waiting   busy   ready  starting  stopping  desired\n");
            ticks.forEach(tick -> out.append(tick).append('\n'));
            return out.toString();
        }

        @Override
        public synchronized void close() {
            loop.shutdownNow();
            up.forEach(worker -> stopping.add(worker.thenAcceptAsync(ServiceProcess::stop, PARTS)));
            up.clear();
            stopping.forEach(CompletableFuture::join);
        }
    }
}
