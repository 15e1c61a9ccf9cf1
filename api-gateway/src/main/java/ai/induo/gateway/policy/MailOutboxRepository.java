package ai.induo.gateway.policy;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.types.ObjectId;

/**
 * The durable outbox of policy announcements in MongoDB: collection {@code mail_outbox}, one message per
 * account and version (unique index). A sender takes a due message with one conditional update that
 * moves its next attempt past the claim timeout, so two gateways never send it at once, and one that
 * stops while sending leaves it to be taken again.
 */
@ApplicationScoped
public class MailOutboxRepository implements PanacheMongoRepositoryBase<MailOutboxEntity, ObjectId> {

    /** The longest failure reason kept on a message. */
    public static final int MAX_ERROR_CHARS = 500;

    private static final String ACCOUNT_ID = "accountId";
    private static final String VERSION = "version";
    private static final String STATUS = "status";
    private static final String NEXT_ATTEMPT_AT = "nextAttemptAt";
    private static final FindOneAndUpdateOptions RETURN_AFTER = new FindOneAndUpdateOptions()
            .returnDocument(ReturnDocument.AFTER).sort(Sorts.ascending(NEXT_ATTEMPT_AT));

    void createIndexes(@Observes StartupEvent event) {
        mongoCollection().createIndex(Indexes.compoundIndex(Indexes.ascending(ACCOUNT_ID), Indexes.ascending(VERSION)),
                new IndexOptions().unique(true));
        mongoCollection().createIndex(Indexes.compoundIndex(Indexes.ascending(STATUS), Indexes.ascending(NEXT_ATTEMPT_AT)));
    }

    /** Enqueues the version's message for each account that has none yet; how many were new. */
    public int enqueue(List<String> accountIds, String version, Instant now) {
        if (accountIds.isEmpty()) {
            return 0;
        }
        List<WriteModel<MailOutboxEntity>> upserts = new ArrayList<>(accountIds.size());
        for (String accountId : accountIds) {
            upserts.add(new UpdateOneModel<>(and(eq(ACCOUNT_ID, accountId), eq(VERSION, version)), Updates.combine(
                    Updates.setOnInsert(STATUS, MailOutboxEntity.PENDING),
                    Updates.setOnInsert("attempts", 0),
                    Updates.setOnInsert(NEXT_ATTEMPT_AT, now),
                    Updates.setOnInsert("createdAt", now)), new UpdateOptions().upsert(true)));
        }
        return mongoCollection().bulkWrite(upserts, new BulkWriteOptions().ordered(false)).getUpserts().size();
    }

    /** Takes one pending message that is due, counting the attempt it begins, until {@code heldUntil}. */
    public Optional<MailOutboxEntity> claimDue(Instant now, Instant heldUntil) {
        return Optional.ofNullable(mongoCollection().findOneAndUpdate(
                and(eq(STATUS, MailOutboxEntity.PENDING), lte(NEXT_ATTEMPT_AT, now)),
                Updates.combine(Updates.set(NEXT_ATTEMPT_AT, heldUntil), Updates.inc("attempts", 1)), RETURN_AFTER));
    }

    /** The message was accepted by the SMTP server. */
    public void markSent(ObjectId id, Instant now) {
        mongoCollection().updateOne(eq("_id", id), Updates.combine(Updates.set(STATUS, MailOutboxEntity.SENT),
                Updates.set("sentAt", now), Updates.unset(NEXT_ATTEMPT_AT)));
    }

    /** The attempt failed; the next one may begin at {@code nextAttemptAt}. */
    public void retryAt(ObjectId id, Instant nextAttemptAt, String error) {
        mongoCollection().updateOne(eq("_id", id), Updates.combine(Updates.set(NEXT_ATTEMPT_AT, nextAttemptAt),
                Updates.set("lastError", shortened(error))));
    }

    /** The last allowed attempt failed: the message is not tried again. */
    public void giveUp(ObjectId id, String error) {
        mongoCollection().updateOne(eq("_id", id), Updates.combine(Updates.set(STATUS, MailOutboxEntity.GAVE_UP),
                Updates.set("lastError", shortened(error)), Updates.unset(NEXT_ATTEMPT_AT)));
    }

    private static String shortened(String error) {
        String text = error == null ? "" : error;
        return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS);
    }
}
