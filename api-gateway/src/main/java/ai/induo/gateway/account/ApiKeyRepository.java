package ai.induo.gateway.account;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
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

/** API keys in MongoDB: collection {@code api_keys}. Every query but the hash lookup names the account. */
@ApplicationScoped
public class ApiKeyRepository implements PanacheMongoRepositoryBase<ApiKeyEntity, String> {

    private static final String REVOKED_AT = "revokedAt";
    private static final String LAST_USED_AT = "lastUsedAt";

    void createIndexes(@Observes StartupEvent event) {
        mongoCollection().createIndex(Indexes.ascending("hash"), new IndexOptions().unique(true));
        mongoCollection().createIndex(Indexes.compoundIndex(Indexes.ascending("accountId"), Indexes.descending("createdAt")));
    }

    /** The live (not revoked) key with this hash. */
    public Optional<ApiKeyEntity> findLiveByHash(String hash) {
        return Optional.ofNullable(mongoCollection().find(and(eq("hash", hash), eq(REVOKED_AT, null))).first());
    }

    /** The account's live keys, newest first. */
    public List<ApiKeyEntity> listLive(String accountId) {
        return mongoCollection().find(live(accountId))
                .sort(Sorts.orderBy(Sorts.descending("createdAt"), Sorts.descending("_id")))
                .into(new ArrayList<>());
    }

    public long countLive(String accountId) {
        return mongoCollection().countDocuments(live(accountId));
    }

    /** Revokes the account's live key with this id; false when the account has no such live key. */
    public boolean revoke(String accountId, String id, Instant now) {
        return mongoCollection().updateOne(and(eq("_id", id), live(accountId)), Updates.set(REVOKED_AT, now))
                .getModifiedCount() > 0;
    }

    /** Sets {@code lastUsedAt} to now unless another request already set it after {@code staleBefore}. */
    public void recordUse(String id, Instant now, Instant staleBefore) {
        mongoCollection().updateOne(and(eq("_id", id), or(eq(LAST_USED_AT, null), lt(LAST_USED_AT, staleBefore))),
                Updates.set(LAST_USED_AT, now));
    }

    private static Bson live(String accountId) {
        return and(eq("accountId", accountId), eq(REVOKED_AT, null));
    }
}
