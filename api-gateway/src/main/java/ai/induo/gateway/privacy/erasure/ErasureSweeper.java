package ai.induo.gateway.privacy.erasure;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Runs and resumes requested erasures ({@link ErasureRunner}), also those a gateway left part-way when
 * it died, and after each sweep reports how many are still in progress ({@code induo_erasures_pending}):
 * a figure that stays above 0 is an erasure that does not finish.
 */
@ApplicationScoped
public class ErasureSweeper {

    /** Gauge of the erasures requested and not finished, as the last sweep counted them. */
    public static final String PENDING_METER = "induo.erasures.pending";

    @Inject
    ErasureRunner runner;

    @Inject
    ErasureRepository erasures;

    @Inject
    MeterRegistry meters;

    private volatile long pending;

    void start(@Observes StartupEvent event) {
        Gauge.builder(PENDING_METER, this, sweeper -> sweeper.pending)
                .description("Erasures requested and not finished yet, as the last sweep counted them")
                .strongReference(true)
                .register(meters);
    }

    @Scheduled(every = "${induo.gateway.erasure.sweep-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        runner.runDue();
        pending = erasures.countInProgress();
    }
}
