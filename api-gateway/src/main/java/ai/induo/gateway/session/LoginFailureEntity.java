package ai.induo.gateway.session;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.types.ObjectId;

/**
 * One failed sign-in, counted against one email or one client address until it expires. The key is
 * a SHA-256, so neither the email nor the address is kept in clear.
 */
@MongoEntity(collection = "login_failures")
public class LoginFailureEntity {

    @BsonId
    public ObjectId id;
    /** Hex SHA-256 of {@code email:<email>} or {@code client:<address>}. */
    public String key;
    public Instant expiresAt;

    public LoginFailureEntity() {
    }

    public LoginFailureEntity(String key, Instant expiresAt) {
        this.key = key;
        this.expiresAt = expiresAt;
    }
}
