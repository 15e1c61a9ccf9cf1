package ai.induo.gateway.retention;

import ai.induo.common.job.Job;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.usage.UsageAggregates;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Removes job records once {@code induo.gateway.retention.job-records} has passed since the job ended,
 * keeping their usage figures in {@link UsageAggregates}. Each record is claimed, added to its
 * aggregates, deleted, and only then released from the aggregates' guards: a sweep stopped at any step
 * is finished by a later one (after {@link #CLAIM_TIMEOUT}) and every job is counted once.
 */
@ApplicationScoped
public class JobRecordSweeper {

    static final int BATCH = 200;
    /** How long a claim keeps other sweeps off a record; far longer than one batch takes. */
    static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(15);

    @Inject
    JobRecordRepository records;

    @Inject
    UsageAggregates aggregates;

    @Inject
    RetentionDeletions deletions;

    @Inject
    GatewayConfig config;

    @Inject
    Clock clock;

    @Scheduled(every = "${induo.gateway.retention.job-records-sweep-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        sweep(clock.instant());
    }

    /** Reduces every record past its retention at {@code now}, a batch at a time; returns how many. */
    public int sweep(Instant now) {
        Instant endedBefore = now.minus(config.retention().jobRecords());
        int reduced = 0;
        int reducedInBatch;
        List<Job> batch;
        do {
            batch = records.findEndedBefore(endedBefore, BATCH);
            reducedInBatch = 0;
            for (Job job : batch) {
                if (records.claim(job.id(), now, now.minus(CLAIM_TIMEOUT))) {
                    reduce(job);
                    reducedInBatch++;
                }
            }
            reduced += reducedInBatch;
        } while (batch.size() == BATCH && reducedInBatch > 0);
        return reduced;
    }

    /** Moves one claimed record's figures to the aggregates and deletes it; safe to repeat. */
    void reduce(Job job) {
        aggregates.add(job);
        records.delete(job.id());
        deletions.deleted(RetentionDeletions.Kind.JOB_RECORD);
        aggregates.release(job);
    }
}
