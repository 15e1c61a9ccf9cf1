package ai.induo.worker.health;

import ai.induo.worker.config.WorkerConfig;
import ai.induo.worker.config.WorkerIdentity;
import ai.induo.worker.job.WorkerLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the try-on model is loaded and warmed up and job messages are being consumed. */
@Readiness
@ApplicationScoped
public class WorkerReadiness implements HealthCheck {

    static final String NAME = "induo-worker";

    private final WorkerLifecycle consumer;
    private final WorkerConfig config;
    private final WorkerIdentity identity;

    WorkerReadiness(WorkerLifecycle consumer, WorkerConfig config, WorkerIdentity identity) {
        this.consumer = consumer;
        this.config = config;
        this.identity = identity;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME)
                .status(consumer.isConsuming())
                .withData("worker", identity.id())
                .withData("model", config.model().name())
                .withData("device", config.model().device().name().toLowerCase(Locale.ROOT))
                .build();
    }
}
