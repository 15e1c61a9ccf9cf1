package ai.induo.gateway.webhook;

import ai.induo.common.id.Ids;
import ai.induo.gateway.account.AccountService;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import ai.induo.gateway.rest.JobViews;
import ai.induo.gateway.webhook.WebhookDeliveryEntity.Attempt;
import ai.induo.gateway.webhook.WebhookSender.JobWebhook;
import ai.induo.gateway.webhook.WebhookSender.Outcome;
import ai.induo.common.job.Job;
import ai.induo.common.job.JobStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Creates and sends webhook deliveries from the database: a finished job's event becomes one delivery per
 * destination (its own {@code webhook_url} and each subscribed endpoint); each delivery is attempted
 * at once, then after each failure on the schedule {@code induo.gateway.webhooks.retry-delays}.
 * Due attempts are claimed with a lease, kicked when a delivery is queued and swept every second, so
 * a crashed gateway only delays them.
 */
@ApplicationScoped
public class WebhookDeliveryService {

    private static final Logger LOG = Logger.getLogger(WebhookDeliveryService.class);
    /** Webhooks in flight at once from one gateway. */
    static final int PARALLEL_DELIVERIES = 8;
    static final String SCHEDULED = "scheduled";
    static final String MANUAL = "manual";
    /** The destination name of a job's own {@code webhook_url} in a delivery's dedupe key. */
    private static final String JOB_URL = "webhook_url";

    @Inject
    WebhookDeliveryRepository deliveries;

    @Inject
    WebhookEndpointService endpoints;

    @Inject
    AccountService accounts;

    @Inject
    JobStore jobs;

    @Inject
    JobViews views;

    @Inject
    WebhookSender sender;

    @Inject
    GatewayConfig config;

    @Inject
    MeterRegistry meters;

    @Inject
    Clock clock;

    private final ExecutorService senders = Executors.newFixedThreadPool(PARALLEL_DELIVERIES, runnable -> {
        Thread thread = new Thread(runnable, "induo-webhooks");
        thread.setDaemon(true);
        return thread;
    });
    private final Semaphore slots = new Semaphore(PARALLEL_DELIVERIES);
    private final AtomicBoolean draining = new AtomicBoolean();

    /** Where one attempt goes and what signs it, or why it cannot go anywhere. */
    private record Target(String url, List<String> secrets, String endpointId, String undeliverable) {

        static Target unavailable(String reason) {
            return new Target(null, List.of(), null, reason);
        }
    }

    /**
     * Queues the finished job's event for its own {@code webhook_url} and for every enabled endpoint
     * of its account that wants the event type. Queuing the same event again adds nothing. False when
     * the job has no destination, so no delivery waits to be sent.
     */
    public boolean enqueue(Job job) {
        String status = job.status().wireName();
        String eventType = WebhookEventTypes.of(status);
        String eventId = WebhookSender.eventId(job.id(), status);
        List<WebhookDeliveryEntity> queued = new ArrayList<>();
        if (job.webhookUrl() != null) {
            WebhookDeliveryEntity delivery = newDelivery(job, eventId, eventType, JOB_URL);
            delivery.url = job.webhookUrl();
            queued.add(delivery);
        }
        for (WebhookEndpointEntity endpoint : endpoints.subscribers(job.accountId(), eventType)) {
            WebhookDeliveryEntity delivery = newDelivery(job, eventId, eventType, endpoint.id);
            delivery.endpointId = endpoint.id;
            queued.add(delivery);
        }
        queued.forEach(deliveries::insertIfAbsent);
        return !queued.isEmpty();
    }

    /** Looks for due attempts now rather than at the next sweep. */
    public void kick() {
        senders.execute(this::drain);
    }

    @Scheduled(every = "${induo.gateway.webhooks.sweep-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        drain();
    }

    void drain() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        try {
            while (slots.tryAcquire()) {
                Instant now = clock.instant();
                Optional<WebhookDeliveryEntity> due = deliveries.claimDue(now, now.plus(lease()));
                if (due.isEmpty()) {
                    slots.release();
                    return;
                }
                senders.execute(() -> {
                    try {
                        attempt(due.get(), SCHEDULED);
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "webhook delivery %s could not be attempted; it is tried again when its lease ends", due.get().id);
                    } finally {
                        slots.release();
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.warnf("webhook sweep stopped early: %s", e.toString());
        } finally {
            draining.set(false);
        }
    }

    /**
     * Sends the account's delivery again now, outside the schedule; its scheduled attempts go on
     * unless this one is delivered. {@code 404} for an unknown id or another account's delivery,
     * {@code 409} while another attempt is in flight or when its endpoint is disabled or deleted.
     */
    public WebhookDeliveryEntity retryNow(String accountId, String id) {
        WebhookDeliveryEntity found = deliveries.find(accountId, id)
                .orElseThrow(() -> ApiException.notFound("No such webhook delivery."));
        if (found.endpointId != null && endpoints.find(accountId, found.endpointId).filter(endpoint -> endpoint.enabled).isEmpty()) {
            throw new ApiException(Response.Status.CONFLICT, ErrorCodes.WEBHOOK_ENDPOINT_DISABLED,
                    "The delivery's webhook endpoint is disabled or deleted; enable it (PATCH enabled: true) first.");
        }
        Instant now = clock.instant();
        WebhookDeliveryEntity claimed = deliveries.claim(accountId, id, now, now.plus(lease()))
                .orElseThrow(() -> ApiException.conflict(ErrorCodes.WEBHOOK_DELIVERY_IN_PROGRESS,
                        "An attempt of this delivery is in flight; try again when it ends.", config.webhooks().timeout()));
        return attempt(claimed, MANUAL);
    }

    private WebhookDeliveryEntity attempt(WebhookDeliveryEntity delivery, String trigger) {
        Instant now = clock.instant();
        Target target = target(delivery, now);
        Job job = jobs.find(delivery.jobId).orElse(null);
        Attempt attempt = new Attempt();
        attempt.at = now;
        attempt.url = target.url();
        attempt.trigger = trigger;
        if (target.undeliverable() != null || job == null) {
            attempt.error = job == null ? "The job no longer exists." : target.undeliverable();
            counter("undeliverable").increment();
            return deliveries.recordAttempt(delivery.id, attempt, WebhookDeliveryEntity.FAILED, delivery.scheduledAttempts, null);
        }
        Outcome outcome = sender.send(target.url(), target.secrets(), delivery.eventId,
                new JobWebhook(delivery.eventType, job.finishedAt(), views.toView(job)));
        attempt.statusCode = outcome.status();
        attempt.latencyMs = outcome.latency().toMillis();
        attempt.error = outcome.error();
        boolean scheduled = SCHEDULED.equals(trigger);
        int scheduledAttempts = delivery.scheduledAttempts + (scheduled ? 1 : 0);
        if (outcome.delivered()) {
            counter("delivered").increment();
            return deliveries.recordAttempt(delivery.id, attempt, WebhookDeliveryEntity.SUCCEEDED, scheduledAttempts, null);
        }
        if (outcome.gone()) {
            counter("gone").increment();
            if (target.endpointId() != null) {
                LOG.infof("webhook endpoint %s answered 410 Gone; it is disabled", target.endpointId());
                endpoints.disableGone(delivery.accountId, target.endpointId());
            }
            return deliveries.recordAttempt(delivery.id, attempt, WebhookDeliveryEntity.FAILED, scheduledAttempts, null);
        }
        if (!scheduled) {
            counter("failed").increment();
            boolean pending = WebhookDeliveryEntity.PENDING.equals(delivery.status);
            return deliveries.recordAttempt(delivery.id, attempt, pending ? WebhookDeliveryEntity.PENDING : WebhookDeliveryEntity.FAILED,
                    scheduledAttempts, pending ? delivery.nextAttemptAt : null);
        }
        List<Duration> delays = config.webhooks().retryDelays();
        if (scheduledAttempts > delays.size()) {
            counter("gave_up").increment();
            LOG.infof("webhook delivery %s gave up after %d attempts: %s", delivery.id, scheduledAttempts, outcome.error());
            return deliveries.recordAttempt(delivery.id, attempt, WebhookDeliveryEntity.FAILED, scheduledAttempts, null);
        }
        counter("retrying").increment();
        return deliveries.recordAttempt(delivery.id, attempt, WebhookDeliveryEntity.PENDING, scheduledAttempts,
                now.plus(delays.get(scheduledAttempts - 1)));
    }

    private Target target(WebhookDeliveryEntity delivery, Instant now) {
        if (delivery.endpointId == null) {
            return accounts.webhookSecrets(delivery.accountId)
                    .map(secrets -> new Target(delivery.url, secrets, null, null))
                    .orElseGet(() -> Target.unavailable("The account no longer exists."));
        }
        Optional<WebhookEndpointEntity> endpoint = endpoints.find(delivery.accountId, delivery.endpointId);
        if (endpoint.isEmpty()) {
            return Target.unavailable("The webhook endpoint was deleted.");
        }
        if (!endpoint.get().enabled) {
            return Target.unavailable("The webhook endpoint is disabled.");
        }
        return new Target(endpoint.get().url, endpoints.signingSecrets(endpoint.get(), now), endpoint.get().id, null);
    }

    private WebhookDeliveryEntity newDelivery(Job job, String eventId, String eventType, String destination) {
        Instant now = clock.instant();
        WebhookDeliveryEntity delivery = new WebhookDeliveryEntity();
        delivery.id = Ids.newId(Ids.WEBHOOK_DELIVERY, now);
        delivery.accountId = job.accountId();
        delivery.jobId = job.id();
        delivery.eventId = eventId;
        delivery.eventType = eventType;
        delivery.dedupeKey = eventId + "|" + destination;
        delivery.status = WebhookDeliveryEntity.PENDING;
        delivery.nextAttemptAt = now;
        delivery.createdAt = now;
        return delivery;
    }

    /** A gateway holds a claimed delivery this long: the attempt's timeout, with room to record it. */
    private Duration lease() {
        return config.webhooks().timeout().multipliedBy(2);
    }

    private Counter counter(String outcome) {
        return Counter.builder("induo.webhooks.deliveries").description("Webhook delivery attempts by outcome")
                .tag("outcome", outcome).register(meters);
    }

    void stop(@Observes ShutdownEvent event) {
        senders.shutdown();
    }
}
