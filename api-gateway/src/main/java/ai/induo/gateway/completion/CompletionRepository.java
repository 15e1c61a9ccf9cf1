package ai.induo.gateway.completion;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import ai.induo.common.job.Job;
import ai.induo.platform.job.JobEntity;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bson.conversions.Bson;

/**
 * The completion outbox on the job documents: the store opens it ({@code notifyPending}) with every
 * terminal change; the gateway takes each due entry under a lease and closes it when the work is done.
 */
@ApplicationScoped
public class CompletionRepository implements PanacheMongoRepositoryBase<JobEntity, String> {

    private static final FindOneAndUpdateOptions RETURN_AFTER =
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

    /** An ended job whose completion work is due, and how often that work failed before. */
    public record PendingCompletion(Job job, int failedAttempts) {
    }

    /**
     * Takes the next ended job whose completion work is due, leasing it for {@code lease} so that a
     * crashed gateway's work is picked up again.
     */
    public Optional<PendingCompletion> claimDue(Instant now, Duration lease) {
        return claim(due(now), now, lease);
    }

    /** Takes this ended job's completion work if it is due and no other gateway holds it, leased the same way. */
    public Optional<PendingCompletion> claimDue(String jobId, Instant now, Duration lease) {
        return claim(and(eq("_id", jobId), due(now)), now, lease);
    }

    private Optional<PendingCompletion> claim(Bson filter, Instant now, Duration lease) {
        return Optional.ofNullable(mongoCollection()
                        .findOneAndUpdate(filter, Updates.set("notifyLeaseUntil", now.plus(lease)), RETURN_AFTER))
                .map(entity -> new PendingCompletion(entity.toJob(), entity.notifyAttempts));
    }

    private static Bson due(Instant now) {
        return and(
                eq("notifyPending", true),
                lte("notifyNextAt", now),
                or(eq("notifyLeaseUntil", null), lte("notifyLeaseUntil", now)));
    }

    /** The completion work of these jobs is done. */
    public void finish(List<String> jobIds, Instant now) {
        mongoCollection().updateMany(in("_id", jobIds), Updates.combine(
                Updates.set("notifyPending", false),
                Updates.set("notifiedAt", now),
                Updates.unset("notifyLeaseUntil")));
    }

    /** The completion work failed for the {@code failedAttempts}-th time; try again at {@code nextAt}. */
    public void retryAt(String jobId, int failedAttempts, Instant nextAt) {
        mongoCollection().updateOne(eq("_id", jobId), Updates.combine(
                Updates.set("notifyAttempts", failedAttempts),
                Updates.set("notifyNextAt", nextAt),
                Updates.unset("notifyLeaseUntil")));
    }
}
