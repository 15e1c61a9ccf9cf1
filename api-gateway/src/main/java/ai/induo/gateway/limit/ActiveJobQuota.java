package ai.induo.gateway.limit;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;

import ai.induo.common.job.Job;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoServerException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The per-account quota of active (queued or running) jobs, kept in one document per account in
 * {@code active_jobs}: the count and the ids it counts. A job is added with one conditional update
 * that holds only while the count is under the plan's limit, so concurrent submissions cannot pass
 * it together; it is removed with one update that matches only while the id is still there, so
 * releasing a job twice (a retried completion) frees its place once.
 */
@ApplicationScoped
public class ActiveJobQuota {

    /** When a client refused for too many active jobs should try again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    private static final String COLLECTION = "active_jobs";
    private static final String ACTIVE = "active";
    private static final String JOBS = "jobs";
    private static final Function<String, Bson> RELEASE =
            jobId -> Updates.combine(Updates.inc(ACTIVE, -1), Updates.pull(JOBS, jobId));
    private static final FindOneAndUpdateOptions MAKE_IF_MISSING =
            new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER);

    @Inject
    MongoClient mongo;

    @Inject
    Plans plans;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    private MongoCollection<Document> counters;

    @PostConstruct
    void init() {
        counters = mongo.getDatabase(database).getCollection(COLLECTION);
    }

    /**
     * Counts the job against its account's quota; {@code 429 too_many_active_jobs} when the account is
     * at its limit. One command: the update makes the account's counter when it has none yet. When the
     * counter exists but does not match (at the limit, or the job is already counted), the upsert would
     * make a second counter of the account and fails on the duplicate id; the update is then tried once
     * more without making one, which also covers a concurrent first submission that made it in between.
     */
    public void acquire(String accountId, String jobId) {
        int max = plans.forAccount(accountId).maxActiveJobs();
        if (max <= 0) {
            throw atLimit(max);
        }
        Bson underLimit = and(eq("_id", accountId), lt(ACTIVE, max), ne(JOBS, jobId));
        Bson count = Updates.combine(Updates.inc(ACTIVE, 1), Updates.addToSet(JOBS, jobId));
        Document counted;
        try {
            counted = counters.findOneAndUpdate(underLimit, count, MAKE_IF_MISSING);
        } catch (MongoServerException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            counted = counters.findOneAndUpdate(underLimit, count);
        }
        if (counted == null) {
            throw atLimit(max);
        }
    }

    private static ApiException atLimit(int max) {
        return ApiException.tooManyRequests(ErrorCodes.TOO_MANY_ACTIVE_JOBS, "This account already has " + max
                + " jobs queued or running, the most its plan allows; submit again when one has ended.", RETRY_AFTER);
    }

    /** Frees the job's place in its account's quota; a job already freed, or never counted, changes nothing. */
    public void release(String accountId, String jobId) {
        counters.updateOne(releasing(accountId, jobId), RELEASE.apply(jobId));
    }

    /** Frees the places of these jobs in their accounts' quotas in one write, each as {@link #release} does. */
    public void releaseAll(List<Job> jobs) {
        counters.bulkWrite(jobs.stream()
                .map(job -> new UpdateOneModel<Document>(releasing(job.accountId(), job.id()), RELEASE.apply(job.id())))
                .toList(), new BulkWriteOptions().ordered(false));
    }

    private static Bson releasing(String accountId, String jobId) {
        return and(eq("_id", accountId), eq(JOBS, jobId));
    }
}
