package ai.induo.gateway.account;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.nin;

import ai.induo.gateway.webhook.SigningSecret;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
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

    /** The account with this (lower-cased) email. */
    public Optional<AccountEntity> findByEmail(String email) {
        return Optional.ofNullable(mongoCollection().find(eq("email", email)).first());
    }

    /**
     * Applies the correction in one update; false when there is no such account. An email another
     * account holds fails with the unique index's duplicate-key error.
     */
    public boolean update(String id, AccountChanges correction) {
        List<Bson> changes = new ArrayList<>();
        if (correction.name() != null) {
            changes.add(Updates.set("name", correction.name()));
        }
        if (correction.email() != null) {
            changes.add(Updates.set("email", correction.email()));
        }
        if (correction.trainingOptOut() != null) {
            changes.add(Updates.set("trainingOptOut", correction.trainingOptOut()));
        }
        if (correction.setsOutputRetention()) {
            changes.add(correction.outputRetentionHours() == null
                    ? Updates.unset("outputRetentionHours")
                    : Updates.set("outputRetentionHours", correction.outputRetentionHours()));
        }
        if (changes.isEmpty()) {
            return mongoCollection().countDocuments(eq("_id", id)) > 0;
        }
        return mongoCollection().updateOne(eq("_id", id), Updates.combine(changes)).getMatchedCount() > 0;
    }

    /**
     * The ids, in order, of up to {@code limit} accounts after {@code afterId} (null: from the first)
     * that have not accepted or been told of policy {@code version}: one page of a walk over every account.
     */
    public List<String> idsNotOnPolicyVersion(String afterId, String version, int limit) {
        Bson notOnVersion = ne("policyVersion", version);
        List<String> ids = new ArrayList<>(limit);
        mongoCollection().withDocumentClass(Document.class)
                .find(afterId == null ? notOnVersion : and(gt("_id", afterId), notOnVersion))
                .projection(Projections.include("_id")).sort(Sorts.ascending("_id")).limit(limit)
                .forEach(account -> ids.add(account.getString("_id")));
        return ids;
    }

    /**
     * Records that the owner was told of policy {@code version} at {@code at}, unless the account already
     * holds one of the {@code laterVersions}.
     */
    public void recordPolicyVersion(String id, String version, Instant at, List<String> laterVersions) {
        mongoCollection().updateOne(and(eq("_id", id), nin("policyVersion", laterVersions)),
                Updates.combine(Updates.set("policyVersion", version), Updates.set("policyVersionAt", at)));
    }
}
