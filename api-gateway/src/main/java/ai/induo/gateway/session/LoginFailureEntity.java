package ai.induo.gateway.session;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.types.ObjectId;

/**
 * One failed sign-in, counted against one email or one client address until it expires. The key is
 * an HMAC-SHA256 under a server key ({@link ai.induo.gateway.crypto.KeyedDigests}), so neither the
 * email nor the address is kept in clear, nor in a form a copy of the database could test guesses against.
 */
@MongoEntity(collection = "login_failures")
public class LoginFailureEntity {

    @BsonId
    public ObjectId id;
    /** Hex HMAC-SHA256 of {@code email:<email>} or {@code client:<address>}. */
    public String key;
    public Instant expiresAt;

    public LoginFailureEntity() {
    }

    public LoginFailureEntity(String key, Instant expiresAt) {
        this.key = key;
        this.expiresAt = expiresAt;
    }
}
