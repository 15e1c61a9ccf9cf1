package ai.induo.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.job.Job;
import ai.induo.common.job.JobImage;
import ai.induo.gateway.ActingWorker;
import ai.induo.gateway.completion.CompletionOutbox;
import ai.induo.gateway.Api;
import ai.induo.testing.SampleImages;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * How many database commands one job costs, submitted over HTTP and driven to {@code succeeded} the
 * way the worker does (claim, read the inputs, store the output, succeed), counted by the driver's
 * command meter ({@code quarkus.mongodb.metrics.enabled}) with the sweepers paused, so the count is
 * the job's own and the same on every run. The writes that sweeps make for many jobs at once (the
 * dispatched marks, the quota releases and outbox closings of completed jobs) are made here once for
 * all the jobs, as the sweeps do; the request log's one insert per batch is left out.
 */
@QuarkusTest
class DatabaseCommandsPerJobTest {

    private static final String COMMANDS = "mongodb.driver.commands";
    private static final int JOBS = 20;
    /**
     * Commands per job, by command name, that the path may cost at most. The queue position of the
     * {@code 202} answers is counted ({@code aggregate}) once a second however many jobs come, so its
     * share depends on how long the jobs take here: half a count per job allows ten seconds for them.
     */
    private static final Map<String, Double> MOST_PER_JOB = Map.of(
            "aggregate", 0.5,
            "insert", 1.0,
            "find", 2.0,
            "update", 0.2,
            "findAndModify", 4.0);
    private static final double MOST_IN_ALL = 8.0;

    @Inject
    MeterRegistry meters;

    @Inject
    Scheduler scheduler;

    @Inject
    ActingWorker worker;

    @Inject
    EncryptedObjectStore objects;

    @Inject
    JobDispatcher dispatcher;

    @Inject
    CompletionOutbox completions;

    @Test
    void aJobFromSubmissionToSuccessCostsAtMostEightDatabaseCommands() throws IOException {
        Api.Account account = Api.signUp();
        runJob(account);
        await().until(() -> completed() > 0);
        double completedBefore = completed();
        scheduler.pause();
        try {
            Map<String, Double> before = settledCounts();
            for (int i = 0; i < JOBS; i++) {
                runJob(account);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> completed() >= completedBefore + JOBS);
            dispatcher.markPublished();
            completions.writeDone();
            Map<String, Double> after = settledCounts();
            Map<String, Double> perJob = perJob(byCommand(before), byCommand(after));
            double inAll = perJob.values().stream().mapToDouble(Double::doubleValue).sum();
            System.out.printf("database commands per job: %.2f in all, by command %s, by command and collection %s%n",
                    inAll, perJob, perJob(before, after));
            assertThat(inAll).isLessThanOrEqualTo(MOST_IN_ALL);
            perJob.forEach((command, count) -> assertThat(count).as(command)
                    .isLessThanOrEqualTo(MOST_PER_JOB.getOrDefault(command, 0.0)));
        } finally {
            scheduler.resume();
        }
    }

    /** Submits a sample job and plays the worker's part: claim, read each input, store the output, succeed. */
    private void runJob(Api.Account account) throws IOException {
        String id = Api.submitSampleJob(account);
        Job running = worker.claim(id);
        for (JobImage input : running.inputs()) {
            try (InputStream content = objects.open(running.accountId(), input.key())) {
                content.readAllBytes();
            }
        }
        worker.succeedWithOutput(running, SampleImages.personPng(96, 128), 96, 128);
    }

    private double completed() {
        return meters.find("induo.jobs.completed").counters().stream().mapToDouble(counter -> counter.count()).sum();
    }

    /** The command counts once no command is in flight any more: two reads in a row agree. */
    private Map<String, Double> settledCounts() {
        AtomicReference<Map<String, Double>> last = new AtomicReference<>(Map.of());
        await().pollInterval(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10))
                .until(() -> last.getAndSet(counts()).equals(last.get()));
        return last.get();
    }

    /** Commands sent so far, by {@code command collection}. */
    private Map<String, Double> counts() {
        Map<String, Double> counts = new TreeMap<>();
        for (Timer timer : meters.find(COMMANDS).timers()) {
            counts.merge(timer.getId().getTag("command") + " " + timer.getId().getTag("collection"), (double) timer.count(),
                    Double::sum);
        }
        return counts;
    }

    private static Map<String, Double> byCommand(Map<String, Double> counts) {
        Map<String, Double> byCommand = new TreeMap<>();
        counts.forEach((key, count) -> byCommand.merge(key.substring(0, key.indexOf(' ')), count, Double::sum));
        return byCommand;
    }

    private static Map<String, Double> perJob(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> perJob = new TreeMap<>();
        after.forEach((command, count) -> {
            double spent = count - before.getOrDefault(command, 0.0);
            if (spent > 0) {
                perJob.put(command, spent / JOBS);
            }
        });
        return perJob;
    }
}
