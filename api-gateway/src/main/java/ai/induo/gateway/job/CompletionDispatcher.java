package ai.induo.gateway.job;

import ai.induo.gateway.account.AccountService;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.limit.ActiveJobQuota;
import ai.induo.gateway.rest.JobViews;
import ai.induo.gateway.webhook.WebhookSender;
import ai.induo.gateway.webhook.WebhookSender.JobWebhook;
import ai.induo.gateway.webhook.WebhookSender.Outcome;
import ai.induo.platform.job.JobEntity;
import ai.induo.platform.job.JobRepository;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs the completion work of finished jobs from the database outbox ({@code notifyPending}): frees
 * the job's place in its account's active-job quota, records job metrics, then sends the webhook with
 * retries on the configured schedule. Kicked by job events and swept every second, so a missed event
 * or a crashed gateway only delays the work.
 */
@ApplicationScoped
public class CompletionDispatcher {

    private static final Logger LOG = Logger.getLogger(CompletionDispatcher.class);
    /** Webhooks in flight at once from one gateway. */
    static final int PARALLEL_DELIVERIES = 8;

    @Inject
    JobRepository jobs;

    @Inject
    AccountService accounts;

    @Inject
    JobViews views;

    @Inject
    WebhookSender sender;

    @Inject
    GatewayConfig config;

    @Inject
    ActiveJobQuota quota;

    @Inject
    MeterRegistry meters;

    @Inject
    Clock clock;

    private final ExecutorService deliveries = Executors.newFixedThreadPool(PARALLEL_DELIVERIES, runnable -> {
        Thread thread = new Thread(runnable, "induo-webhooks");
        thread.setDaemon(true);
        return thread;
    });
    private final Semaphore slots = new Semaphore(PARALLEL_DELIVERIES);
    private final AtomicBoolean draining = new AtomicBoolean();

    /** Called on a job event: look for due work now rather than at the next sweep. */
    public void kick() {
        deliveries.execute(this::drain);
    }

    @Scheduled(every = "${induo.gateway.sweepers.completion-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        drain();
    }

    void drain() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        try {
            while (slots.tryAcquire()) {
                Optional<JobEntity> due = jobs.claimNotification(clock.instant(), config.sweepers().completionLease());
                if (due.isEmpty()) {
                    slots.release();
                    return;
                }
                deliveries.execute(() -> {
                    try {
                        complete(due.get());
                    } finally {
                        slots.release();
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.warnf("completion sweep stopped early: %s", e.toString());
        } finally {
            draining.set(false);
        }
    }

    void complete(JobEntity job) {
        try {
            quota.release(job.accountId, job.id);
            if (job.notifyAttempts == 0) {
                recordMetrics(job);
            }
            if (job.webhookUrl == null) {
                jobs.finishNotification(job.id, clock.instant());
                return;
            }
            deliver(job);
        } catch (RuntimeException e) {
            LOG.errorf(e, "completion work for job %s failed; it will be retried", job.id);
            jobs.retryNotification(job.id, job.notifyAttempts + 1, clock.instant().plus(delayAfter(job.notifyAttempts + 1)));
        }
    }

    private void deliver(JobEntity job) {
        String secret = accounts.webhookSecret(job.accountId).orElse(null);
        if (secret == null) {
            LOG.warnf("job %s belongs to no account any more; its webhook is dropped", job.id);
            jobs.finishNotification(job.id, clock.instant());
            return;
        }
        JobWebhook body = new JobWebhook("job." + job.status, job.finishedAt, views.toView(job));
        Outcome outcome = sender.send(job.webhookUrl, secret, WebhookSender.eventId(job.id, job.status), body);
        int attempts = job.notifyAttempts + 1;
        if (outcome.delivered()) {
            counter("delivered").increment();
            jobs.finishNotification(job.id, clock.instant());
            return;
        }
        List<Duration> delays = config.webhooks().retryDelays();
        if (attempts > delays.size()) {
            counter("gave_up").increment();
            LOG.warnf("webhook for job %s gave up after %d attempts: %s", job.id, attempts, outcome.error());
            jobs.finishNotification(job.id, clock.instant());
            return;
        }
        counter("retrying").increment();
        LOG.infof("webhook for job %s failed (attempt %d: %s); retrying", job.id, attempts, outcome.error());
        jobs.retryNotification(job.id, attempts, clock.instant().plus(delayAfter(attempts)));
    }

    private Duration delayAfter(int attempts) {
        List<Duration> delays = config.webhooks().retryDelays();
        return delays.get(Math.min(attempts, delays.size()) - 1);
    }

    private void recordMetrics(JobEntity job) {
        Counter.builder("induo.jobs.completed").description("Jobs that reached a terminal state")
                .tag("status", job.status).register(meters).increment();
        if (job.startedAt != null) {
            Timer.builder("induo.jobs.queue.wait").description("Time from submission to the start of the last attempt")
                    .register(meters).record(Duration.between(job.createdAt, job.startedAt));
            if (job.finishedAt != null) {
                Timer.builder("induo.jobs.run.time").description("Time from the start of the last attempt to the end")
                        .tag("status", job.status).register(meters).record(Duration.between(job.startedAt, job.finishedAt));
            }
        }
    }

    private Counter counter(String outcome) {
        return Counter.builder("induo.webhooks.deliveries").description("Webhook delivery attempts by outcome")
                .tag("outcome", outcome).register(meters);
    }

    void stop(@Observes ShutdownEvent event) {
        deliveries.shutdown();
    }
}
