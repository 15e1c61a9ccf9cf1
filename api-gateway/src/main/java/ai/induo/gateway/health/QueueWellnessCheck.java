package ai.induo.gateway.health;

import ai.induo.platform.health.QueueHealth;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * The job queue's state (check {@code queue}) in {@code /q/health} and {@code /q/health/well}, not in
 * readiness: while the queue is down the gateway still accepts jobs into its outbox and publishes
 * them when it is back ({@link ai.induo.gateway.job.JobDispatcher}).
 */
@Wellness
@ApplicationScoped
public class QueueWellnessCheck implements HealthCheck {

    private final QueueHealth queue;

    QueueWellnessCheck(QueueHealth queue) {
        this.queue = queue;
    }

    @Override
    public HealthCheckResponse call() {
        return queue.check();
    }
}
