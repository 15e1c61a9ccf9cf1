package ai.induo.gateway.session;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lte;

import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Optional;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/** Failed sign-ins in MongoDB: collection {@code login_failures}, shared by every gateway. */
@ApplicationScoped
public class LoginFailureRepository implements PanacheMongoRepositoryBase<LoginFailureEntity, ObjectId> {

    void createIndexes(@Observes StartupEvent event) {
        mongoCollection().createIndex(Indexes.compoundIndex(Indexes.ascending("key"), Indexes.ascending("expiresAt")));
        mongoCollection().createIndex(Indexes.ascending("expiresAt"));
    }

    /** How many failures under this key have not expired. */
    public long countLive(String key, Instant now) {
        return mongoCollection().countDocuments(live(key, now));
    }

    /** When the live failure at this position (0 = the first to expire) expires. */
    public Optional<Instant> expiryAt(String key, Instant now, int position) {
        return Optional.ofNullable(mongoCollection().find(live(key, now))
                        .sort(Sorts.ascending("expiresAt")).skip(position).limit(1).first())
                .map(failure -> failure.expiresAt);
    }

    /** Forgets every failure under this key; how many there were. */
    public long deleteKey(String key) {
        return mongoCollection().deleteMany(eq("key", key)).getDeletedCount();
    }

    /** Deletes the failures that have expired; how many. */
    public long deleteExpired(Instant now) {
        return mongoCollection().deleteMany(lte("expiresAt", now)).getDeletedCount();
    }

    private static Bson live(String key, Instant now) {
        return and(eq("key", key), gt("expiresAt", now));
    }
}
