package ai.induo.gateway.job;

import ai.induo.common.job.Job;
import ai.induo.common.queue.JobMessage;
import ai.induo.common.queue.JobQueue;
import ai.induo.common.queue.QueueUnavailableException;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.problem.ApiException;
import com.mongodb.MongoException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jboss.logging.Logger;

/**
 * Dispatches queued jobs: publishes each job's message to the queue and marks it dispatched (the
 * publish outbox, {@link JobOutboxRepository}). A new job is published as it is submitted; a job
 * stored but not published (gateway crash, queue outage) or back from its retry backoff is published
 * by the sweep. This is the outbox half of "no accepted job is lost". The marks of the jobs published
 * are written together every {@code induo.gateway.sweepers.dispatch-mark-every}, before each sweep and
 * on shutdown, rather than one write per job: a mark lost with a crashed gateway only makes the
 * sweep publish that job again, and the worker runs it once.
 */
@ApplicationScoped
public class JobDispatcher {

    private static final Logger LOG = Logger.getLogger(JobDispatcher.class);
    static final int BATCH = 200;
    /** When to retry a submission refused because the outbox is full. */
    static final Duration OUTBOX_FULL_RETRY_AFTER = Duration.ofSeconds(30);

    @Inject
    JobOutboxRepository outbox;

    @Inject
    JobQueue queue;

    @Inject
    GatewayConfig config;

    @Inject
    Clock clock;

    /** The last publish failed: the queue is down until a publish succeeds again. */
    private volatile boolean queueDown;
    /** Jobs whose message the queue accepted, not marked dispatched yet. */
    private final Queue<Job> unmarked = new ConcurrentLinkedQueue<>();

    /**
     * While the queue is down, accepted jobs wait in the outbox for the sweep; once
     * {@code induo.gateway.outbox-limit} of them wait, new submissions are refused with {@code 503}
     * rather than piling up without bound.
     */
    public void checkCapacity() {
        if (queueDown && outbox.countUndispatched() >= config.outboxLimit()) {
            throw ApiException.serviceUnavailable("The job queue is unavailable and too many accepted jobs wait for it; "
                    + "retry after the time in Retry-After.", OUTBOX_FULL_RETRY_AFTER);
        }
    }

    /**
     * Publishes a just-submitted job, unless the queue is down: then the sweep publishes it, so the
     * submission is answered without waiting for the queue's timeout.
     */
    public void dispatchSubmitted(Job job) {
        if (!queueDown) {
            dispatch(job);
        }
    }

    @Scheduled(every = "${induo.gateway.sweepers.dispatch-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        markPublished();
        int published = dispatchPending(BATCH);
        if (published > 0) {
            LOG.infof("dispatch sweep published %d stored job(s)", published);
        }
    }

    /** Publishes queued jobs that were stored but not published, at most {@code limit}; answers how many it tried. */
    int dispatchPending(int limit) {
        Instant now = clock.instant();
        List<Job> pending = outbox.findUndispatched(now.minus(config.sweepers().dispatchGrace()), now, limit);
        pending.forEach(this::dispatch);
        return pending.size();
    }

    /** Publishes the job's message and leaves it to be marked dispatched; on failure the sweep tries again later. */
    private void dispatch(Job job) {
        try {
            queue.publish(JobMessage.of(job.id(), job.accountId(), job.model(), job.attempt() + 1, clock.instant()));
            queueDown = false;
        } catch (QueueUnavailableException e) {
            queueDown = true;
            LOG.warnf("job %s stored but not yet published (%s); the dispatch sweep will publish it", job.id(), e.getMessage());
            return;
        }
        unmarked.add(job);
    }

    /** Marks the jobs published since the last time dispatched, {@link #BATCH} to a write. */
    @Scheduled(every = "${induo.gateway.sweepers.dispatch-mark-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void markPublished() {
        List<Job> batch = new ArrayList<>();
        for (Job job = unmarked.poll(); job != null; job = unmarked.poll()) {
            batch.add(job);
            if (batch.size() == BATCH) {
                mark(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            mark(batch);
        }
    }

    void markOnShutdown(@Observes ShutdownEvent event) {
        markPublished();
    }

    private void mark(List<Job> published) {
        try {
            outbox.markDispatched(published, clock.instant());
        } catch (MongoException e) {
            LOG.warnf("%d job(s) published but not marked so (%s); the dispatch sweep will publish them again, and the "
                    + "worker runs each once", published.size(), e.getMessage());
        }
    }
}
