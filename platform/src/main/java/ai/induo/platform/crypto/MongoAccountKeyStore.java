package ai.induo.platform.crypto;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.ne;

import ai.induo.common.crypto.AccountKeyStore;
import ai.induo.common.crypto.StoredAccountKey;
import ai.induo.common.crypto.WrappedSecret;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/** {@link AccountKeyStore} on MongoDB: collection {@code account_keys}. */
@ApplicationScoped
public class MongoAccountKeyStore implements AccountKeyStore {

    @Inject
    AccountKeyRepository keys;

    @Override
    public void insert(StoredAccountKey key) {
        AccountKeyEntity entity = new AccountKeyEntity();
        entity.id = key.keyId();
        entity.accountId = key.accountId();
        entity.masterKeyId = key.masterKeyId();
        entity.wrappedKey = key.wrappedKey();
        entity.createdAt = key.createdAt();
        entity.destroyedAt = key.destroyedAt();
        keys.persist(entity);
    }

    @Override
    public Optional<StoredAccountKey> findActive(String accountId) {
        return Optional.ofNullable(keys.mongoCollection()
                        .find(and(eq("accountId", accountId), eq("destroyedAt", null)))
                        .sort(Sorts.descending("createdAt", "_id"))
                        .first())
                .map(MongoAccountKeyStore::toStored);
    }

    @Override
    public boolean anyDestroyed(String accountId) {
        return keys.mongoCollection().find(and(eq("accountId", accountId), ne("destroyedAt", null))).first() != null;
    }

    @Override
    public Optional<StoredAccountKey> findById(String keyId) {
        return keys.findByIdOptional(keyId).map(MongoAccountKeyStore::toStored);
    }

    @Override
    public List<StoredAccountKey> listAfter(String afterKeyId, int limit) {
        Bson filter = afterKeyId == null ? new Document() : gt("_id", afterKeyId);
        return keys.mongoCollection().find(filter).sort(Sorts.ascending("_id")).limit(limit)
                .map(MongoAccountKeyStore::toStored)
                .into(new ArrayList<>());
    }

    @Override
    public boolean replaceWrapped(String keyId, WrappedSecret expected, WrappedSecret replacement) {
        return keys.mongoCollection().updateOne(
                        and(eq("_id", keyId), eq("destroyedAt", null), eq("masterKeyId", expected.masterKeyId()),
                                eq("wrappedKey", expected.ciphertext())),
                        Updates.combine(Updates.set("masterKeyId", replacement.masterKeyId()),
                                Updates.set("wrappedKey", replacement.ciphertext())))
                .getModifiedCount() == 1;
    }

    @Override
    public void markDestroyed(String accountId, Instant at) {
        keys.mongoCollection().updateMany(
                and(eq("accountId", accountId), eq("destroyedAt", null)),
                Updates.combine(Updates.set("destroyedAt", at), Updates.unset("wrappedKey")));
    }

    private static StoredAccountKey toStored(AccountKeyEntity entity) {
        return new StoredAccountKey(entity.id, entity.accountId, entity.masterKeyId, entity.wrappedKey,
                entity.createdAt, entity.destroyedAt);
    }
}
