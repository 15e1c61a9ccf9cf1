package ai.induo.gateway.retention;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.mongodb.panache.common.MongoEntity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * Where the orphan sweep's walk through the object listing stands: the last key it looked at, in
 * collection {@code retention_cursors}, shared by every gateway so the walk goes on where the last
 * sweep (of any gateway) stopped.
 */
@ApplicationScoped
public class OrphanCursor implements PanacheMongoRepositoryBase<OrphanCursor.CursorEntity, String> {

    static final String ID = "orphans";

    /** The cursor document. */
    @MongoEntity(collection = "retention_cursors")
    public static class CursorEntity {
        @BsonId
        public String id;
        /** The last key looked at; null when the next walk starts from the first key. */
        public String after;
    }

    /** The last key looked at; empty at the start of a walk. */
    public Optional<String> after() {
        return findByIdOptional(ID).map(cursor -> cursor.after);
    }

    /** Records the last key looked at; null starts the next walk from the first key. */
    public void moveTo(String after) {
        mongoCollection().updateOne(eq("_id", ID), Updates.set("after", after), new UpdateOptions().upsert(true));
    }
}
