package ai.induo.gateway.retention;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import ai.induo.common.job.Job;
import ai.induo.common.job.JobStatus;
import ai.induo.platform.job.JobEntity;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The ended job records past their retention, the claim one sweeper holds on a record it reduces, and their deletion. */
@ApplicationScoped
public class JobRecordRepository implements PanacheMongoRepositoryBase<JobEntity, String> {

    private static final String CLAIMED_AT = "reductionClaimedAt";
    private static final List<String> ENDED = Arrays.stream(JobStatus.values()).filter(JobStatus::isTerminal)
            .map(JobStatus::wireName).toList();

    /** The index of the sweep's query. */
    void createIndexes(@Observes StartupEvent event) {
        mongoCollection().createIndex(Indexes.compoundIndex(Indexes.ascending("status"), Indexes.ascending("finishedAt")));
    }

    /** Up to {@code limit} ended jobs that finished (or, lacking a finish, were created) before {@code endedBefore}. */
    public List<Job> findEndedBefore(Instant endedBefore, int limit) {
        List<Job> found = new ArrayList<>();
        for (JobEntity job : mongoCollection().find(and(in("status", ENDED), or(lt("finishedAt", endedBefore),
                and(eq("finishedAt", null), lt("createdAt", endedBefore))))).limit(limit)) {
            found.add(job.toJob());
        }
        return found;
    }

    /**
     * Claims the record for this sweep: true unless another sweep claimed it at or after {@code staleBefore}
     * (a claim older than that is of a sweep that stopped, and is taken over).
     */
    public boolean claim(String jobId, Instant now, Instant staleBefore) {
        return mongoCollection().updateOne(and(eq("_id", jobId), or(eq(CLAIMED_AT, null), lt(CLAIMED_AT, staleBefore))),
                Updates.set(CLAIMED_AT, now)).getModifiedCount() == 1;
    }

    /** Deletes the record. */
    public void delete(String jobId) {
        mongoCollection().deleteOne(eq("_id", jobId));
    }
}
