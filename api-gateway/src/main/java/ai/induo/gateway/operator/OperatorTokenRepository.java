package ai.induo.gateway.operator;

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

/** Operator tokens in MongoDB: collection {@code operator_tokens}. */
@ApplicationScoped
public class OperatorTokenRepository implements PanacheMongoRepositoryBase<OperatorTokenEntity, String> {

    private static final String REVOKED_AT = "revokedAt";
    private static final String LAST_USED_AT = "lastUsedAt";

    void createIndexes(@Observes StartupEvent event) {
        mongoCollection().createIndex(Indexes.ascending("hash"), new IndexOptions().unique(true));
    }

    /** The live (not revoked) token with this hash. */
    public Optional<OperatorTokenEntity> findLiveByHash(String hash) {
        return Optional.ofNullable(mongoCollection().find(and(eq("hash", hash), eq(REVOKED_AT, null))).first());
    }

    /** Every token, revoked ones too, newest first. */
    public List<OperatorTokenEntity> listAll() {
        return mongoCollection().find()
                .sort(Sorts.orderBy(Sorts.descending("createdAt"), Sorts.descending("_id")))
                .into(new ArrayList<>());
    }

    /** Revokes the live token with this id; false when there is no such live token. */
    public boolean revoke(String id, Instant now) {
        return mongoCollection().updateOne(and(eq("_id", id), eq(REVOKED_AT, null)), Updates.set(REVOKED_AT, now))
                .getModifiedCount() > 0;
    }

    /** Sets {@code lastUsedAt} to now unless another request already set it after {@code staleBefore}. */
    public void recordUse(String id, Instant now, Instant staleBefore) {
        mongoCollection().updateOne(and(eq("_id", id), or(eq(LAST_USED_AT, null), lt(LAST_USED_AT, staleBefore))),
                Updates.set(LAST_USED_AT, now));
    }
}
