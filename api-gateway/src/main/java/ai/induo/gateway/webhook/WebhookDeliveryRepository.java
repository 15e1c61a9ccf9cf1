package ai.induo.gateway.webhook;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import ai.induo.gateway.webhook.WebhookDeliveryEntity.Attempt;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.conversions.Bson;

/**
 * Webhook deliveries in MongoDB: collection {@code webhook_deliveries}. Due attempts are claimed
 * with a lease by one conditional update, so two gateways never send the same attempt.
 */
@ApplicationScoped
public class WebhookDeliveryRepository implements PanacheMongoRepositoryBase<WebhookDeliveryEntity, String> {

    /** Attempts kept on one delivery; the oldest go first, so manual retries cannot grow it without bound. */
    public static final int MAX_ATTEMPTS_KEPT = 100;

    private static final String STATUS = "status";
    private static final String NEXT_ATTEMPT_AT = "nextAttemptAt";
    private static final String LEASE_UNTIL = "leaseUntil";
    private static final FindOneAndUpdateOptions RETURN_AFTER = new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

    void createIndexes(@Observes StartupEvent event) {
        mongoCollection().createIndex(Indexes.ascending("dedupeKey"), new IndexOptions().unique(true));
        mongoCollection().createIndex(Indexes.compoundIndex(Indexes.ascending(STATUS), Indexes.ascending(NEXT_ATTEMPT_AT)));
        mongoCollection().createIndex(Indexes.compoundIndex(Indexes.ascending("accountId"), Indexes.descending("_id")));
        mongoCollection().createIndex(Indexes.ascending("createdAt"));
    }

    /** Stores a new delivery; false when one for the same event and destination exists already. */
    public boolean insertIfAbsent(WebhookDeliveryEntity delivery) {
        try {
            persist(delivery);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** Claims one pending delivery whose next attempt is due and that no gateway holds. */
    public Optional<WebhookDeliveryEntity> claimDue(Instant now, Instant leaseUntil) {
        Bson filter = and(eq(STATUS, WebhookDeliveryEntity.PENDING), lte(NEXT_ATTEMPT_AT, now), free(now));
        return Optional.ofNullable(mongoCollection().findOneAndUpdate(filter, Updates.set(LEASE_UNTIL, leaseUntil), RETURN_AFTER));
    }

    /** Claims the account's delivery for a manual retry, whatever its status, unless a gateway holds it. */
    public Optional<WebhookDeliveryEntity> claim(String accountId, String id, Instant now, Instant leaseUntil) {
        Bson filter = and(eq("_id", id), eq("accountId", accountId), free(now));
        return Optional.ofNullable(mongoCollection().findOneAndUpdate(filter, Updates.set(LEASE_UNTIL, leaseUntil), RETURN_AFTER));
    }

    /**
     * Records an attempt and what follows it, and lets go of the lease.
     *
     * @param scheduledAttempts the attempts made on the schedule so far
     * @param nextAttemptAt when the next scheduled attempt falls due; null for none
     */
    public WebhookDeliveryEntity recordAttempt(String id, Attempt attempt, String status, int scheduledAttempts, Instant nextAttemptAt) {
        return mongoCollection().findOneAndUpdate(eq("_id", id), Updates.combine(
                Updates.pushEach("attempts", List.of(attempt), new PushOptions().slice(-MAX_ATTEMPTS_KEPT)),
                Updates.set(STATUS, status),
                Updates.set("scheduledAttempts", scheduledAttempts),
                Updates.set(NEXT_ATTEMPT_AT, nextAttemptAt),
                Updates.unset(LEASE_UNTIL)), RETURN_AFTER);
    }

    /** The account's delivery with this id. */
    public Optional<WebhookDeliveryEntity> find(String accountId, String id) {
        return Optional.ofNullable(mongoCollection().find(and(eq("_id", id), eq("accountId", accountId))).first());
    }

    /** A page of the account's deliveries matching {@code filter}, newest first, after the cursor when one is given. */
    public List<WebhookDeliveryEntity> list(String accountId, Bson filter, String startingAfter, int limit) {
        List<Bson> filters = new ArrayList<>(List.of(eq("accountId", accountId), filter));
        if (startingAfter != null) {
            filters.add(lt("_id", startingAfter));
        }
        return mongoCollection().find(and(filters)).sort(Sorts.descending("_id")).limit(limit).into(new ArrayList<>());
    }

    /** Deletes deliveries created before {@code cutoff} that have no attempt scheduled; how many went. */
    public long deleteFinishedBefore(Instant cutoff) {
        return mongoCollection().deleteMany(and(lt("createdAt", cutoff), eq(NEXT_ATTEMPT_AT, null))).getDeletedCount();
    }

    private static Bson free(Instant now) {
        return or(eq(LEASE_UNTIL, null), lte(LEASE_UNTIL, now));
    }
}
