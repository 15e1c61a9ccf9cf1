package ai.induo.gateway.job;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;

import ai.induo.common.job.Job;
import ai.induo.common.job.JobStatus;
import ai.induo.platform.job.JobEntity;
import ai.induo.platform.job.JobFilters;
import com.mongodb.client.model.Sorts;
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

    /** Records that the queue accepted the job's message. */
    public void markDispatched(String jobId, Instant now) {
        mongoCollection().updateOne(
                and(eq("_id", jobId), eq("dispatched", false)),
                Updates.combine(Updates.set("dispatched", true), Updates.set("dispatchedAt", now)));
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
