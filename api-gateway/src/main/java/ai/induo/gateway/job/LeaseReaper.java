package ai.induo.gateway.job;

import ai.induo.common.job.JobLifecycle;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Takes jobs back from workers that died or hung, on a schedule: {@link JobLifecycle#reapExpiredLeases}
 * puts a running job whose lease expired back in the queue after its retry backoff (the dispatch
 * sweep publishes it then) or, on its last attempt, fails it with {@code worker_lost}.
 */
@ApplicationScoped
public class LeaseReaper {

    static final int BATCH = 100;

    @Inject
    JobLifecycle lifecycle;

    @Scheduled(every = "${induo.gateway.sweepers.lease-reaper-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reap() {
        lifecycle.reapExpiredLeases(BATCH);
    }
}
