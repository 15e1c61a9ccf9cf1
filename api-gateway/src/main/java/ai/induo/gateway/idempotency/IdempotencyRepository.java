package ai.induo.gateway.idempotency;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Idempotency keys in MongoDB: collection {@code idempotency_keys}. */
@ApplicationScoped
public class IdempotencyRepository implements PanacheMongoRepositoryBase<IdempotencyRecord, String> {

    private static final String STATE = "state";
    private static final String CREATED_AT = "createdAt";
    private static final String EXPIRES_AT = "expiresAt";

    void createIndexes(@Observes StartupEvent event) {
        mongoCollection().createIndex(Indexes.ascending(EXPIRES_AT), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
    }

    /** Reserves the key with one insert; false when a record of it already exists. */
    public boolean reserve(IdempotencyRecord record) {
        try {
            mongoCollection().insertOne(record);
            return true;
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Deletes the record when it has expired or is a reservation made before {@code abandonedBefore}
     * (its request never finished); true when it was deleted, so the key can be reserved anew.
     */
    public boolean deleteIfStale(String id, Instant now, Instant abandonedBefore) {
        return mongoCollection().deleteOne(and(eq("_id", id), or(lte(EXPIRES_AT, now),
                and(eq(STATE, IdempotencyRecord.IN_PROGRESS), lte(CREATED_AT, abandonedBefore))))).getDeletedCount() > 0;
    }

    public Optional<IdempotencyRecord> find(String id) {
        return findByIdOptional(id);
    }

    /** Stores the response of the reservation's request, its body encrypted for the account it belongs to. */
    public void complete(String id, String requestHash, int status, String contentType, String location,
            String cacheControl, String accountId, byte[] bodyEncrypted) {
        mongoCollection().updateOne(and(eq("_id", id), eq(STATE, IdempotencyRecord.IN_PROGRESS)), Updates.combine(
                Updates.set(STATE, IdempotencyRecord.COMPLETED),
                Updates.set("requestHash", requestHash),
                Updates.set("status", status),
                Updates.set("contentType", contentType),
                Updates.set("location", location),
                Updates.set("cacheControl", cacheControl),
                Updates.set("accountId", accountId),
                Updates.set("bodyEncrypted", bodyEncrypted)));
    }

    /** Drops the reservation, so the key can be retried. */
    public void release(String id) {
        mongoCollection().deleteOne(and(eq("_id", id), eq(STATE, IdempotencyRecord.IN_PROGRESS)));
    }

    /** Deletes the records that have expired; how many. */
    public long deleteExpired(Instant now) {
        return mongoCollection().deleteMany(lte(EXPIRES_AT, now)).getDeletedCount();
    }
}
