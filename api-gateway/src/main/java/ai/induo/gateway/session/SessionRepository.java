package ai.induo.gateway.session;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lte;

import com.mongodb.client.model.Indexes;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Optional;

/** Dashboard sessions in MongoDB: collection {@code sessions}. */
@ApplicationScoped
public class SessionRepository implements PanacheMongoRepositoryBase<SessionEntity, String> {

    void createIndexes(@Observes StartupEvent event) {
        mongoCollection().createIndex(Indexes.ascending("expiresAt"));
    }

    /** The session with this token hash, unless it has expired. */
    public Optional<SessionEntity> findLive(String hash, Instant now) {
        return Optional.ofNullable(mongoCollection().find(and(eq("_id", hash), gt("expiresAt", now))).first());
    }

    /** Deletes the sessions that have expired; how many. */
    public long deleteExpired(Instant now) {
        return mongoCollection().deleteMany(lte("expiresAt", now)).getDeletedCount();
    }
}
