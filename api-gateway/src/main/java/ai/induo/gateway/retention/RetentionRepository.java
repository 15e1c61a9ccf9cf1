package ai.induo.gateway.retention;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.nin;

import ai.induo.common.job.Job;
import ai.induo.common.job.JobStatus;
import ai.induo.platform.job.JobEntity;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.conversions.Bson;

/** Which ended jobs still keep images past their retention, and the record that they were deleted. */
@ApplicationScoped
public class RetentionRepository implements PanacheMongoRepositoryBase<JobEntity, String> {

    private static final String ACCOUNT_ID = "accountId";
    private static final String FINISHED_AT = "finishedAt";
    private static final String OUTPUTS_DELETED_AT = "outputsDeletedAt";

    /** The index of the per-account output sweep (accounts with their own output retention). */
    void createIndexes(@Observes StartupEvent event) {
        mongoCollection().createIndex(Indexes.compoundIndex(Indexes.ascending(ACCOUNT_ID), Indexes.ascending(OUTPUTS_DELETED_AT),
                Indexes.ascending(FINISHED_AT)));
    }

    /** Ended jobs whose input images are still kept although the job ended before {@code endedBefore}. */
    public List<Job> findInputsPastRetention(Instant endedBefore, int limit) {
        return oldestFirst(and(lte(FINISHED_AT, endedBefore), eq("inputsDeletedAt", null)), limit);
    }

    /**
     * Succeeded jobs whose output images are still kept although the job ended before {@code endedBefore},
     * except the jobs of {@code exceptAccounts} (accounts that keep outputs longer).
     */
    public List<Job> findOutputsPastRetention(Instant endedBefore, Collection<String> exceptAccounts, int limit) {
        Bson pastRetention = outputsEndedBefore(endedBefore);
        return oldestFirst(exceptAccounts.isEmpty() ? pastRetention : and(pastRetention, nin(ACCOUNT_ID, exceptAccounts)),
                limit);
    }

    /** The account's succeeded jobs whose output images are still kept although the job ended before {@code endedBefore}. */
    public List<Job> findAccountOutputsPastRetention(String accountId, Instant endedBefore, int limit) {
        return oldestFirst(and(eq(ACCOUNT_ID, accountId), outputsEndedBefore(endedBefore)), limit);
    }

    /** Records that the job's input images were deleted. */
    public void markInputsDeleted(String jobId, Instant now) {
        mongoCollection().updateOne(eq("_id", jobId), Updates.set("inputsDeletedAt", now));
    }

    /** Records that the job's output images were deleted. */
    public void markOutputsDeleted(String jobId, Instant now) {
        mongoCollection().updateOne(eq("_id", jobId), Updates.set(OUTPUTS_DELETED_AT, now));
    }

    /** The jobs of these ids that are stored, by id. */
    public Map<String, Job> findByIds(Collection<String> ids) {
        Map<String, Job> found = new HashMap<>();
        for (JobEntity job : mongoCollection().find(in("_id", ids))) {
            found.put(job.id, job.toJob());
        }
        return found;
    }

    private static Bson outputsEndedBefore(Instant endedBefore) {
        return and(eq("status", JobStatus.SUCCEEDED.wireName()), lte(FINISHED_AT, endedBefore), eq(OUTPUTS_DELETED_AT, null));
    }

    private List<Job> oldestFirst(Bson filter, int limit) {
        return mongoCollection().find(filter).sort(Sorts.ascending(FINISHED_AT)).limit(limit)
                .map(JobEntity::toJob).into(new ArrayList<>());
    }
}
