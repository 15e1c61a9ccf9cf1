package ai.induo.gateway.session;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import org.bson.codecs.pojo.annotations.BsonId;

/** A dashboard session. The token is never stored: its SHA-256 is the id. */
@MongoEntity(collection = "sessions")
public class SessionEntity {

    /** Hex SHA-256 of the session token. */
    @BsonId
    public String id;
    public String accountId;
    public Instant createdAt;
    public Instant expiresAt;
}
