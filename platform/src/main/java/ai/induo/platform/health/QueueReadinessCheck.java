package ai.induo.platform.health;

import ai.induo.common.queue.JobQueue;
import ai.induo.common.queue.QueueUnavailableException;
import ai.induo.platform.config.QueueConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the job queue's backend answers. */
@Readiness
@ApplicationScoped
public class QueueReadinessCheck implements HealthCheck {

    static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final String NAME = "queue";

    @Inject
    JobQueue queue;

    @Inject
    QueueConfig config;

    @Override
    public HealthCheckResponse call() {
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
