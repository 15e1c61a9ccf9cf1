package ai.induo.gateway.job;

import ai.induo.common.job.Job;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The approximate queue position of a job just submitted, from the number of queued jobs of every
 * account, which this gateway counts at most once per {@link #RECOUNT_AFTER}, however many jobs it
 * accepts: the count walks one index entry per queued job, so counting it for every submission
 * would cost as much as the queue is long, each time.
 */
@ApplicationScoped
public class QueueLength {

    /** How long one count of the queued jobs serves the submissions that follow it. */
    static final Duration RECOUNT_AFTER = Duration.ofSeconds(1);

    @Inject
    JobListRepository jobs;

    @Inject
    Clock clock;

    private record Count(long queued, Instant countedAt) {
    }

    private volatile Count last;

    /**
     * The place of the just-submitted {@code job}: one more than the queued jobs counted before it
     * was created, or the queued jobs counted since (which may count the job itself), at least 1.
     */
    public long positionOfNew(Job job) {
        Count count = current();
        if (count.countedAt().isBefore(job.createdAt())) {
            return count.queued() + 1;
        }
        return Math.max(1, count.queued());
    }

    private Count current() {
        Count count = last;
        Instant now = clock.instant();
        if (count != null && now.isBefore(count.countedAt().plus(RECOUNT_AFTER))) {
            return count;
        }
        synchronized (this) {
            count = last;
            if (count == null || !now.isBefore(count.countedAt().plus(RECOUNT_AFTER))) {
                count = new Count(jobs.countQueued(), clock.instant());
                last = count;
            }
            return count;
        }
    }
}
