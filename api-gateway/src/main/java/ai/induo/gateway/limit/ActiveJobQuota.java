package ai.induo.gateway.limit;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;

import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoServerException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.bson.Document;
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

    /** Counts the job against its account's quota; {@code 429 too_many_active_jobs} when the account is at its limit. */
    public void acquire(String accountId, String jobId) {
        int max = plans.forAccount(accountId).maxActiveJobs();
        ensureCounter(accountId);
        Document counted = counters.findOneAndUpdate(and(eq("_id", accountId), lt(ACTIVE, max), ne(JOBS, jobId)),
                Updates.combine(Updates.inc(ACTIVE, 1), Updates.addToSet(JOBS, jobId)));
        if (counted == null) {
            throw ApiException.tooManyRequests(ErrorCodes.TOO_MANY_ACTIVE_JOBS, "This account already has " + max
                    + " jobs queued or running, the most its plan allows; submit again when one has ended.", RETRY_AFTER);
        }
    }

    /** Frees the job's place in its account's quota; a job already freed, or never counted, changes nothing. */
    public void release(String accountId, String jobId) {
        counters.updateOne(and(eq("_id", accountId), eq(JOBS, jobId)),
                Updates.combine(Updates.inc(ACTIVE, -1), Updates.pull(JOBS, jobId)));
    }

    private void ensureCounter(String accountId) {
        try {
            counters.updateOne(eq("_id", accountId), Updates.setOnInsert(new Document(ACTIVE, 0).append(JOBS, List.of())),
                    new UpdateOptions().upsert(true));
        } catch (MongoServerException e) {
            // A concurrent first submission of the account made the counter in between: it exists, as needed.
            if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }
}
