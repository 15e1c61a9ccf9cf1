package ai.induo.gateway.job;

import ai.induo.common.job.JobErrorCode;
import ai.induo.common.job.JobStatus;
import ai.induo.common.queue.JobEvent;
import ai.induo.common.queue.JobEventBus;
import ai.induo.platform.job.JobEntity;
import ai.induo.platform.job.JobEntity.JobErrorEntry;
import ai.induo.platform.job.JobRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Takes jobs back from workers that died or hung: a running job whose lease expired goes back to
 * the queue (its message is published again by the dispatch sweeper) or, on its last attempt, fails
 * with {@code worker_lost}. Together with the outbox this keeps every accepted job moving.
 */
@ApplicationScoped
public class LeaseReaper {

    private static final Logger LOG = Logger.getLogger(LeaseReaper.class);
    static final int BATCH = 100;

    @Inject
    JobRepository jobs;

    @Inject
    JobEventBus events;

    @Inject
    Clock clock;

    @Scheduled(every = "${induo.gateway.sweepers.lease-reaper-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reap() {
        Instant now = clock.instant();
        for (JobEntity job : jobs.findExpiredLeases(now, BATCH)) {
            JobErrorEntry error = new JobErrorEntry(job.attempt, JobErrorCode.WORKER_LOST,
                    "The worker running attempt " + job.attempt + " stopped renewing its lease", now);
            if (job.attempt < job.maxAttempts) {
                jobs.requeueForDispatch(job, error, now, now)
                        .ifPresent(requeued -> LOG.warnf("job %s lost its worker (%s); queued again", job.id, job.leaseOwner));
            } else {
                jobs.fail(job, error, now).ifPresent(failed -> {
                    LOG.warnf("job %s lost its worker on its last attempt (%d); failed", job.id, job.attempt);
                    events.publish(JobEvent.of(job.id, job.accountId, JobStatus.FAILED, now));
                });
            }
        }
    }
}
