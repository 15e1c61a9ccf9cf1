package ai.induo.gateway.retention;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;

import ai.induo.common.job.Job;
import ai.induo.common.job.JobStatus;
import ai.induo.platform.job.JobEntity;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.conversions.Bson;

/** Which ended jobs still keep images past their retention, and the record that they were deleted. */
@ApplicationScoped
public class RetentionRepository implements PanacheMongoRepositoryBase<JobEntity, String> {

    /** Ended jobs whose input images are still kept although the job ended before {@code endedBefore}. */
    public List<Job> findInputsPastRetention(Instant endedBefore, int limit) {
        return oldestFirst(and(lte("finishedAt", endedBefore), eq("inputsDeletedAt", null)), limit);
    }

    /** Succeeded jobs whose output images are still kept although the job ended before {@code endedBefore}. */
    public List<Job> findOutputsPastRetention(Instant endedBefore, int limit) {
        return oldestFirst(and(eq("status", JobStatus.SUCCEEDED.wireName()), lte("finishedAt", endedBefore),
                eq("outputsDeletedAt", null)), limit);
    }

    /** Records that the job's input images were deleted. */
    public void markInputsDeleted(String jobId, Instant now) {
        mongoCollection().updateOne(eq("_id", jobId), Updates.set("inputsDeletedAt", now));
    }

    /** Records that the job's output images were deleted. */
    public void markOutputsDeleted(String jobId, Instant now) {
        mongoCollection().updateOne(eq("_id", jobId), Updates.set("outputsDeletedAt", now));
    }

    private List<Job> oldestFirst(Bson filter, int limit) {
        return mongoCollection().find(filter).sort(Sorts.ascending("finishedAt")).limit(limit)
                .map(JobEntity::toJob).into(new ArrayList<>());
    }
}
