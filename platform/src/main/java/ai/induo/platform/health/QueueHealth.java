package ai.induo.platform.health;

import ai.induo.common.queue.JobQueue;
import ai.induo.common.queue.QueueUnavailableException;
import ai.induo.platform.config.QueueConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * The job queue's health (check {@code queue}): up while its backend answers within
 * {@link #TIMEOUT} ({@link JobQueue#probe}). Each service decides what it means there: the worker
 * is not ready without it, the gateway reports it without leaving readiness, since its outbox
 * accepts jobs while the queue is down.
 */
@ApplicationScoped
public class QueueHealth {

    static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final String NAME = "queue";

    @Inject
    JobQueue queue;

    @Inject
    QueueConfig config;

    /** Asks the backend; the answer names the backend and what answered, or the kind of error. */
    public HealthCheckResponse check() {
        try {
            return HealthCheckResponse.named(NAME).up()
                    .withData("backend", config.backend())
                    .withData("answered", queue.probe(TIMEOUT))
                    .build();
        } catch (QueueUnavailableException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return HealthCheckResponse.named(NAME).down()
                    .withData("backend", config.backend())
                    .withData("error", cause.getClass().getSimpleName())
                    .build();
        }
    }
}
