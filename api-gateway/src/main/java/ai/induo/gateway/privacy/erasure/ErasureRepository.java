package ai.induo.gateway.privacy.erasure;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.bson.conversions.Bson;

/** Erasures in MongoDB: collection {@code erasures}. Each change is one update of one document. */
@ApplicationScoped
public class ErasureRepository implements PanacheMongoRepositoryBase<ErasureEntity, String> {

    private static final String STATUS = "status";
    private static final String LEASE_UNTIL = "leaseUntil";
    private static final String IN_PROGRESS = ErasureReceipt.Status.IN_PROGRESS.wireName();

    void createIndexes(@Observes StartupEvent event) {
        mongoCollection().createIndex(Indexes.compoundIndex(Indexes.ascending(STATUS), Indexes.ascending("requestedAt")));
    }

    /** Erasures requested and not finished yet, on the {@code (status, requestedAt)} index. */
    long countInProgress() {
        return mongoCollection().countDocuments(eq(STATUS, IN_PROGRESS));
    }

    /** A new erasure of the account, in progress with no step done. */
    ErasureEntity insert(String id, String accountId, Instant requestedAt) {
        ErasureEntity erasure = new ErasureEntity();
        erasure.id = id;
        erasure.accountId = accountId;
        erasure.status = IN_PROGRESS;
        erasure.requestedAt = requestedAt;
        persist(erasure);
        return erasure;
    }

    /**
     * Takes the oldest erasure in progress requested before {@code requestedBefore} that no gateway
     * holds at {@code now}, holding it until {@code leaseUntil}.
     */
    Optional<ErasureEntity> claimDue(Instant requestedBefore, Instant now, Instant leaseUntil) {
        return claim(and(eq(STATUS, IN_PROGRESS), lte("requestedAt", requestedBefore), free(now)), leaseUntil);
    }

    /** Takes this erasure if it is in progress and no gateway holds it at {@code now}. */
    Optional<ErasureEntity> claim(String id, Instant now, Instant leaseUntil) {
        return claim(and(eq("_id", id), eq(STATUS, IN_PROGRESS), free(now)), leaseUntil);
    }

    /** Records a step as done with its counts. */
    void recordStep(String id, String step, Instant at, Map<String, Long> counts) {
        mongoCollection().updateOne(eq("_id", id), Updates.push("steps", new ErasureEntity.StepDone(step, at, counts)));
    }

    /** Completes the erasure: it forgets the account and is held by no one. */
    void complete(String id, Instant at) {
        mongoCollection().updateOne(eq("_id", id), Updates.combine(Updates.set(STATUS, ErasureReceipt.Status.COMPLETED.wireName()),
                Updates.set("finishedAt", at), Updates.unset("accountId"), Updates.unset(LEASE_UNTIL)));
    }

    /** A run failed at {@code step}: the erasure is free to be tried again from {@code retryAt}. */
    void recordFailure(String id, String step, Class<?> failure, Instant retryAt) {
        mongoCollection().updateOne(eq("_id", id), Updates.combine(Updates.inc("failures", 1),
                Updates.set("lastFailure", step + ": " + failure.getSimpleName()), Updates.set(LEASE_UNTIL, retryAt)));
    }

    private Optional<ErasureEntity> claim(Bson filter, Instant leaseUntil) {
        return Optional.ofNullable(mongoCollection().findOneAndUpdate(filter, Updates.set(LEASE_UNTIL, leaseUntil),
                new FindOneAndUpdateOptions().sort(Indexes.ascending("requestedAt")).returnDocument(ReturnDocument.AFTER)));
    }

    private static Bson free(Instant now) {
        return or(eq(LEASE_UNTIL, null), lte(LEASE_UNTIL, now));
    }
}
