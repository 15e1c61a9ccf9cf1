package ai.induo.gateway.job;

import ai.induo.common.job.JobErrorCode;
import ai.induo.common.job.JobStatus;
import ai.induo.common.queue.JobEvent;
import ai.induo.common.queue.JobEventBus;
import ai.induo.common.queue.JobMessage;
import ai.induo.common.queue.JobQueue;
import ai.induo.platform.job.JobEntity;
import ai.induo.platform.job.JobEntity.JobErrorEntry;
import ai.induo.platform.job.JobRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Ends the jobs whose message the queue gave up on (rejected, or delivered as often as it allows):
 * a job still waiting for that message fails with {@code undeliverable}, so its customer hears
 * about it instead of waiting forever. A message of an older attempt, a job that is running
 * (the lease reaper looks after it), in its retry backoff, or already ended is left as it is.
 */
@ApplicationScoped
public class DeadLetterListener {

    private static final Logger LOG = Logger.getLogger(DeadLetterListener.class);

    @Inject
    JobQueue queue;

    @Inject
    JobRepository jobs;

    @Inject
    JobEventBus events;

    @Inject
    Clock clock;

    private JobQueue.Subscription subscription;

    void start(@Observes StartupEvent event) {
        subscription = queue.subscribeDeadLetters(this::onDeadLetter);
    }

    void onDeadLetter(JobMessage message) {
        JobEntity job = jobs.findById(message.jobId());
        if (job == null || job.jobStatus() != JobStatus.QUEUED || !job.dispatched || message.attempt() != job.attempt + 1) {
            LOG.infof("dead letter for job %s (attempt %d) needs nothing: the job is %s", message.jobId(), message.attempt(),
                    job == null ? "unknown" : job.status + " at attempt " + job.attempt);
            return;
        }
        Instant now = clock.instant();
        JobErrorEntry error = new JobErrorEntry(job.attempt + 1, JobErrorCode.UNDELIVERABLE,
                "The queue gave up delivering the job to a worker", now);
        jobs.fail(job, error, now).ifPresent(failed -> {
            LOG.warnf("job %s failed: the queue gave up delivering its message", job.id);
            events.publish(JobEvent.of(job.id, job.accountId, JobStatus.FAILED, now));
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscription != null) {
            subscription.close();
        }
    }
}
