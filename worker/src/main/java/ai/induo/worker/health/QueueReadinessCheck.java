package ai.induo.worker.health;

import ai.induo.platform.health.QueueHealth;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the job queue's backend answers: a worker without its queue gets no jobs. */
@Readiness
@ApplicationScoped
public class QueueReadinessCheck implements HealthCheck {

    private final QueueHealth queue;

    QueueReadinessCheck(QueueHealth queue) {
        this.queue = queue;
    }

    @Override
    public HealthCheckResponse call() {
        return queue.check();
    }
}
