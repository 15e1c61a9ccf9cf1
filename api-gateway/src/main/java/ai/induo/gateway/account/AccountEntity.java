package ai.induo.gateway.account;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * An API customer. Holds no secret in a usable form: the password as a bcrypt hash, the webhook
 * secret wrapped by the master key. Its API keys live in {@code api_keys} ({@link ApiKeyEntity}).
 */
@MongoEntity(collection = "accounts")
public class AccountEntity {

    @BsonId
    public String id;
    public String name;
    /** Lower-cased; unique. */
    public String email;
    public String passwordHash;
    public byte[] webhookSecretWrapped;
    public String masterKeyId;
    public Instant createdAt;
}
