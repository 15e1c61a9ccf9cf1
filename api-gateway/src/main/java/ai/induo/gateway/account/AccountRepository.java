package ai.induo.gateway.account;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;

import ai.induo.gateway.webhook.SigningSecret;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;

/** Accounts in MongoDB: collection {@code accounts}. */
@ApplicationScoped
public class AccountRepository implements PanacheMongoRepositoryBase<AccountEntity, String> {

    /** The fields of the one webhook secret that accounts stored before secrets could be rotated hold. */
    static final String LEGACY_SECRET = "webhookSecretWrapped";
    static final String LEGACY_MASTER_KEY_ID = "masterKeyId";

    void createIndexes(@Observes StartupEvent event) {
        mongoCollection().createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
        moveLegacyWebhookSecrets();
    }

    /**
     * Gives each account stored with one webhook secret ({@link #LEGACY_SECRET}) that secret as its
     * current one in {@code webhookSecrets}; unchanged bytes, so it opens as before. Each account moves
     * in one conditional update, so gateways starting together move it once.
     */
    void moveLegacyWebhookSecrets() {
        for (Document legacy : mongoCollection().withDocumentClass(Document.class).find(exists(LEGACY_SECRET))) {
            SigningSecret secret = new SigningSecret();
            secret.wrapped = legacy.get(LEGACY_SECRET, Binary.class).getData();
            secret.masterKeyId = legacy.getString(LEGACY_MASTER_KEY_ID);
            secret.createdAt = legacy.getDate("createdAt").toInstant();
            mongoCollection().updateOne(and(eq("_id", legacy.get("_id")), exists(LEGACY_SECRET)), Updates.combine(
                    Updates.set("webhookSecrets", List.of(secret)), Updates.unset(LEGACY_SECRET), Updates.unset(LEGACY_MASTER_KEY_ID)));
        }
    }

    /** Replaces the account's webhook secrets; false when there is no such account. */
    public boolean updateWebhookSecrets(String id, List<SigningSecret> secrets) {
        return mongoCollection().updateOne(eq("_id", id), Updates.set("webhookSecrets", secrets)).getMatchedCount() > 0;
    }

    /**
     * Marks the account as being erased under {@code erasureId}, unless it already is; false when
     * there is no such account or it is already being erased.
     */
    public boolean markErasing(String id, String erasureId) {
        return mongoCollection().updateOne(and(eq("_id", id), eq("erasureId", null)), Updates.set("erasureId", erasureId))
                .getModifiedCount() > 0;
    }

    /** The account with this (lower-cased) email. */
    public Optional<AccountEntity> findByEmail(String email) {
        return Optional.ofNullable(mongoCollection().find(eq("email", email)).first());
    }

    /**
     * Sets the name and the email where given (non-null); false when there is no such account. An
     * email another account holds fails with the unique index's duplicate-key error.
     */
    public boolean updateProfile(String id, String name, String email) {
        List<Bson> changes = new ArrayList<>();
        if (name != null) {
            changes.add(Updates.set("name", name));
        }
        if (email != null) {
            changes.add(Updates.set("email", email));
        }
        if (changes.isEmpty()) {
            return mongoCollection().countDocuments(eq("_id", id)) > 0;
        }
        return mongoCollection().updateOne(eq("_id", id), Updates.combine(changes)).getMatchedCount() > 0;
    }
}
