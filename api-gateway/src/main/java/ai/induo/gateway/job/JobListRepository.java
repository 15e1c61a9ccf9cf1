package ai.induo.gateway.job;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import ai.induo.common.job.Job;
import ai.induo.common.job.JobStatus;
import ai.induo.platform.job.JobEntity;
import com.mongodb.client.model.Sorts;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.conversions.Bson;

/**
 * The listing queries of the API: an account's jobs a page at a time, a job's place in the queue,
 * and the queue's depth per model.
 */
@ApplicationScoped
public class JobListRepository implements PanacheMongoRepositoryBase<JobEntity, String> {

    /**
     * One page of the account's jobs, newest first (by id, which sorts by creation time): those
     * matching {@code filter} with an id below {@code startingAfter} when that is given. At most
     * {@code limit} jobs.
     */
    public List<Job> listForAccount(String accountId, Bson filter, String startingAfter, int limit) {
        List<Bson> filters = new ArrayList<>(List.of(eq("accountId", accountId), filter));
        if (startingAfter != null) {
            filters.add(lt("_id", startingAfter));
        }
        return mongoCollection()
                .find(and(filters))
                .sort(Sorts.descending("_id"))
                .limit(limit)
                .map(JobEntity::toJob)
                .into(new ArrayList<>());
    }

    /**
     * Queued jobs of every account that were created before {@code job} (ties on {@code createdAt}
     * broken by id). Served by the {@code (status, createdAt)} index: the count walks one index
     * entry per job ahead, so it costs as much as the queue in front of the job is long.
     */
    public long countQueuedAhead(Job job) {
        return mongoCollection().countDocuments(and(
                eq("status", JobStatus.QUEUED.wireName()),
                or(lt("createdAt", job.createdAt()), and(eq("createdAt", job.createdAt()), lt("_id", job.id())))));
    }

    /** The models queued jobs name, from the {@code (status, model, createdAt)} index alone. */
    public List<String> queuedModels() {
        return mongoCollection().distinct("model", eq("status", JobStatus.QUEUED.wireName()), String.class)
                .into(new ArrayList<>());
    }

    /** Queued jobs of {@code model}, counted on the {@code (status, model, createdAt)} index. */
    public long countQueued(String model) {
        return mongoCollection().countDocuments(queued(model));
    }

    /** When the oldest queued job of {@code model} was submitted; empty when none is queued. */
    public Optional<Instant> oldestQueued(String model) {
        return Optional.ofNullable(mongoCollection().find(queued(model))
                .sort(Sorts.ascending("createdAt"))
                .limit(1)
                .first())
                .map(JobEntity::toJob)
                .map(Job::createdAt);
    }

    private static Bson queued(String model) {
        return and(eq("status", JobStatus.QUEUED.wireName()), eq("model", model));
    }

    /** Queued jobs of every account, by the same index: as costly as the queue is long. */
    public long countQueued() {
        return mongoCollection().countDocuments(eq("status", JobStatus.QUEUED.wireName()));
    }
}
