package ai.induo.gateway.completion;

import ai.induo.common.job.Job;
import ai.induo.gateway.completion.CompletionRepository.PendingCompletion;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.limit.ActiveJobQuota;
import ai.induo.gateway.webhook.WebhookDeliveryService;
import com.mongodb.MongoException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Works off the completion outbox of ended jobs ({@link CompletionRepository}): frees the job's place
 * in its account's active-job quota, records job metrics, and queues the job's webhook deliveries.
 * A job's terminal event starts that job's work at once (one claim of that job, not a search for
 * due work); the sweep every second takes whatever is due, so a missed event or a crashed gateway
 * only delays the work; work that fails is taken up again when its lease ends. The quota releases
 * and the closing of the outbox entries of the work done are written together, a batch of jobs to
 * one write each, every {@code induo.gateway.sweepers.completion-write-every}.
 */
@ApplicationScoped
public class CompletionOutbox {

    private static final Logger LOG = Logger.getLogger(CompletionOutbox.class);
    /** The most jobs whose completion one write records. */
    static final int BATCH = 200;
    /** The longest queue wait or run the latency histograms resolve; longer ones fall in the last bucket. */
    private static final Duration LONGEST_EXPECTED = Duration.ofHours(1);

    @Inject
    CompletionRepository completions;

    @Inject
    WebhookDeliveryService webhooks;

    @Inject
    GatewayConfig config;

    @Inject
    ActiveJobQuota quota;

    @Inject
    MeterRegistry meters;

    @Inject
    Clock clock;

    private final ExecutorService kicks = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "induo-completions");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean draining = new AtomicBoolean();
    /** Jobs whose completion work was done, their quota release and outbox closing not written yet. */
    private final Queue<Job> done = new ConcurrentLinkedQueue<>();

    /** Called on a job's terminal event: do that job's completion work now rather than at the next sweep. */
    public void kick(String jobId) {
        kicks.execute(() -> completeNow(jobId));
    }

    private void completeNow(String jobId) {
        try {
            completions.claimDue(jobId, clock.instant(), config.sweepers().completionLease())
                    .filter(this::complete)
                    .ifPresent(ignored -> webhooks.kick());
        } catch (RuntimeException e) {
            LOG.warnf("completion work for job %s was left to the sweep: %s", jobId, e.toString());
        }
    }

    @Scheduled(every = "${induo.gateway.sweepers.completion-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        drain();
    }

    void drain() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        boolean queued = false;
        try {
            Optional<PendingCompletion> due;
            while ((due = completions.claimDue(clock.instant(), config.sweepers().completionLease())).isPresent()) {
                queued |= complete(due.get());
            }
        } catch (RuntimeException e) {
            LOG.warnf("completion sweep stopped early: %s", e.toString());
        } finally {
            draining.set(false);
        }
        if (queued) {
            webhooks.kick();
        }
    }

    /**
     * Does the job's completion work but for its two writes, the quota release and the closing of its
     * outbox entry, which {@link #writeDone} makes for many jobs at once; true when the work was done
     * and queued a webhook delivery.
     */
    boolean complete(PendingCompletion pending) {
        Job job = pending.job();
        try {
            boolean queued = webhooks.enqueue(job);
            done.add(job);
            if (pending.failedAttempts() == 0) {
                recordMetrics(job);
            }
            return queued;
        } catch (RuntimeException e) {
            LOG.errorf(e, "completion work for job %s failed; it will be retried", job.id());
            completions.retryAt(job.id(), pending.failedAttempts() + 1,
                    clock.instant().plus(config.sweepers().completionLease()));
            return false;
        }
    }

    private void recordMetrics(Job job) {
        String status = job.status().wireName();
        Counter.builder("induo.jobs.completed").description("Jobs that reached a terminal state")
                .tag("status", status).register(meters).increment();
        if (job.startedAt() != null) {
            Timer.builder("induo.jobs.queue.wait").description("Time from submission to the start of the last attempt")
                    .publishPercentileHistogram().maximumExpectedValue(LONGEST_EXPECTED).register(meters).record(Duration.between(job.createdAt(), job.startedAt()));
            if (job.finishedAt() != null) {
                Timer.builder("induo.jobs.run.time").description("Time from the start of the last attempt to the end")
                        .tag("status", status).publishPercentileHistogram().maximumExpectedValue(LONGEST_EXPECTED)
                        .register(meters).record(Duration.between(job.startedAt(), job.finishedAt()));
            }
        }
    }

    /**
     * Frees the active-job quota of the jobs whose completion work was done since the last time, and
     * then closes their outbox entries, {@link #BATCH} jobs to a write each. Run every
     * {@code induo.gateway.sweepers.completion-write-every}, well within the work's lease, and on
     * shutdown; public so that a caller can have them written at once. When the database refuses,
     * the jobs wait for the next time; were the gateway to stop first, their leases run out and their
     * work is done again, which frees each place once and queues each delivery once.
     */
    @Scheduled(every = "${induo.gateway.sweepers.completion-write-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public synchronized void writeDone() {
        while (true) {
            List<Job> batch = new ArrayList<>();
            for (Job job = done.poll(); job != null; job = batch.size() < BATCH ? done.poll() : null) {
                batch.add(job);
            }
            if (batch.isEmpty() || !write(batch)) {
                return;
            }
        }
    }

    private boolean write(List<Job> batch) {
        try {
            quota.releaseAll(batch);
            completions.finish(batch.stream().map(Job::id).toList(), clock.instant());
            return true;
        } catch (MongoException e) {
            LOG.warnf("the completion of %d job(s) could not be written yet (%s); trying again", batch.size(), e.getMessage());
            done.addAll(batch);
            return false;
        }
    }

    void stop(@Observes ShutdownEvent event) {
        kicks.shutdown();
        writeDone();
    }
}
