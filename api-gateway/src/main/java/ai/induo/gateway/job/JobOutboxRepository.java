package ai.induo.gateway.job;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;

import ai.induo.common.job.Job;
import ai.induo.common.job.JobStatus;
import ai.induo.platform.job.JobEntity;
import ai.induo.platform.job.JobFilters;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The publish outbox on the job documents: a queued job whose message the queue has not accepted
 * yet has {@code dispatched=false}.
 */
@ApplicationScoped
public class JobOutboxRepository implements PanacheMongoRepositoryBase<JobEntity, String> {

    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

    /**
     * Records, in one write, that the queue accepted the message of each of these jobs, for each job
     * still at the attempt its message was published for: a job that a worker claimed since (the
     * claim marks it) or that went back to the queue for another attempt (which needs a message of
     * its own) is left as it is.
     */
    public void markDispatched(List<Job> published, Instant now) {
        List<UpdateOneModel<JobEntity>> marks = published.stream()
                .map(job -> new UpdateOneModel<JobEntity>(
                        and(eq("_id", job.id()), eq("dispatched", false), eq("attempt", job.attempt())),
                        Updates.combine(Updates.set("dispatched", true), Updates.set("dispatchedAt", now))))
                .toList();
        mongoCollection().bulkWrite(marks, UNORDERED);
    }

    /**
     * Queued jobs created before {@code createdBefore} whose message is not published, and whose
     * retry backoff has passed at {@code now}, oldest first.
     */
    public List<Job> findUndispatched(Instant createdBefore, Instant now, int limit) {
        return mongoCollection()
                .find(and(eq("dispatched", false), eq("status", JobStatus.QUEUED.wireName()), lte("createdAt", createdBefore),
                        JobFilters.backoffOver(now)))
                .sort(Sorts.ascending("createdAt"))
                .limit(limit)
                .map(JobEntity::toJob)
                .into(new ArrayList<>());
    }

    /** Queued jobs of every account whose message is not published yet: the length of the outbox. */
    public long countUndispatched() {
        return mongoCollection().countDocuments(and(eq("dispatched", false), eq("status", JobStatus.QUEUED.wireName())));
    }
}
