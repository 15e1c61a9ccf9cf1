package ai.induo.gateway.job;

import ai.induo.common.job.JobLifecycle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Takes jobs back from workers that died or hung, on a schedule: {@link JobLifecycle#reapExpiredLeases}
 * puts a running job whose lease expired back in the queue after its retry backoff (the dispatch
 * sweep publishes it then) or, on its last attempt, fails it with {@code worker_lost}. Each job taken
 * back counts in {@code induo_jobs_lease_expiries_total}.
 */
@ApplicationScoped
public class LeaseReaper {

    static final int BATCH = 100;
    /** Counter of the running jobs taken back because their worker stopped renewing the lease. */
    public static final String EXPIRIES_METER = "induo.jobs.lease.expiries";

    @Inject
    JobLifecycle lifecycle;

    @Inject
    MeterRegistry meters;

    private Counter expiries;

    /** Registers the counter at start, so that a rate over it sees the first expiries after a start too. */
    void start(@Observes StartupEvent event) {
        expiries = Counter.builder(EXPIRIES_METER)
                .description("Running jobs taken back because their worker stopped renewing the lease")
                .register(meters);
    }

    @Scheduled(every = "${induo.gateway.sweepers.lease-reaper-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reap() {
        expiries.increment(lifecycle.reapExpiredLeases(BATCH));
    }
}
