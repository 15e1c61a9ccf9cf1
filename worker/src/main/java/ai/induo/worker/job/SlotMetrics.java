package ai.induo.worker.job;

import ai.induo.worker.config.WorkerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The worker's job slots as gauges, for operators and autoscaling dashboards: how many it takes at
 * once ({@code induo.worker.concurrency}) while it consumes and claims, 0 before it is ready and once
 * a shutdown stopped claiming, and how many are busy with a delivery now.
 */
@ApplicationScoped
public class SlotMetrics {

    /** Gauge of the slots in use. */
    public static final String BUSY_METER = "induo.worker.busy.slots";
    /** Gauge of the slots this worker offers now. */
    public static final String CAPACITY_METER = "induo.worker.capacity.slots";

    @Inject
    RunningJobs running;

    @Inject
    WorkerLifecycle lifecycle;

    @Inject
    WorkerConfig config;

    @Inject
    MeterRegistry registry;

    void register(@Observes StartupEvent event) {
        Gauge.builder(BUSY_METER, running, RunningJobs::busy)
                .description("Job slots busy with a delivery")
                .strongReference(true)
                .register(registry);
        Gauge.builder(CAPACITY_METER, this, SlotMetrics::capacity)
                .description("Job slots this worker offers: its concurrency while it claims jobs, else 0")
                .strongReference(true)
                .register(registry);
    }

    private double capacity() {
        return lifecycle.isConsuming() && running.claiming() ? config.concurrency() : 0;
    }
}
