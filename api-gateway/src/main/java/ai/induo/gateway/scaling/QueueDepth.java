package ai.induo.gateway.scaling;

import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.job.JobListRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The signal autoscaling reads: per model, the jobs queued and not yet claimed
 * ({@code induo_jobs_waiting}) and how long the oldest of them has waited since it was submitted
 * ({@code induo_jobs_oldest_waiting_seconds}), from the database, so Kafka and Pub/Sub report alike.
 * The queue is read on a schedule ({@code induo.gateway.sweepers.queue-depth-every}), never per
 * scrape: one {@code distinct} and, per model, one count and one single-document read, each on the
 * {@code (status, model, createdAt)} index, however many finished jobs the collection holds. The
 * gateway's own model always has a row, 0 while nothing waits, so a query on it is never empty.
 * Every gateway reports the same figures: aggregate across gateways with {@code max}, not {@code sum}.
 */
@ApplicationScoped
public class QueueDepth {

    /** Gauge of the jobs queued and not yet claimed, tagged {@code model}. */
    public static final String WAITING_METER = "induo.jobs.waiting";
    /** Gauge of the seconds the oldest queued job has waited, tagged {@code model}; 0 when none waits. */
    public static final String OLDEST_METER = "induo.jobs.oldest.waiting.seconds";

    private static final Logger LOG = Logger.getLogger(QueueDepth.class);

    /** What one read found for one model. */
    private record Depth(long waiting, Instant oldest) {
        static final Depth NONE = new Depth(0, null);
    }

    @Inject
    JobListRepository jobs;

    @Inject
    GatewayConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    private final Map<String, Depth> byModel = new ConcurrentHashMap<>();

    void start(@Observes StartupEvent event) {
        watch(config.model());
        refresh();
    }

    /** Reads the queue's depth per model again; a failed read keeps the last figures and is logged. */
    @Scheduled(every = "${induo.gateway.sweepers.queue-depth-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            Set<String> models = new LinkedHashSet<>(byModel.keySet());
            models.addAll(jobs.queuedModels());
            for (String model : models) {
                long waiting = jobs.countQueued(model);
                Depth depth = waiting == 0 ? Depth.NONE : new Depth(waiting, jobs.oldestQueued(model).orElse(null));
                watch(model);
                byModel.put(model, depth);
            }
        } catch (RuntimeException e) {
            LOG.warnf("the queue depth could not be read; the metrics keep the last figures: %s", e.getMessage());
        }
    }

    private void watch(String model) {
        if (byModel.putIfAbsent(model, Depth.NONE) != null) {
            return;
        }
        Gauge.builder(WAITING_METER, () -> byModel.getOrDefault(model, Depth.NONE).waiting())
                .description("Jobs queued and not yet claimed by a worker")
                .tag("model", model)
                .strongReference(true)
                .register(registry);
        Gauge.builder(OLDEST_METER, () -> oldestAge(model))
                .description("Seconds the oldest queued job has waited since it was submitted; 0 when none waits")
                .tag("model", model)
                .strongReference(true)
                .register(registry);
    }

    private double oldestAge(String model) {
        Instant oldest = byModel.getOrDefault(model, Depth.NONE).oldest();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }
}
