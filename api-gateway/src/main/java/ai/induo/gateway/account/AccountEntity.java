package ai.induo.gateway.account;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * An API customer. Holds no secret in a usable form: the password as a bcrypt hash, API keys as
 * SHA-256 hashes with a display prefix, the webhook secret wrapped by the master key.
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
    public List<ApiKeyEntry> apiKeys = new ArrayList<>();
    public Instant createdAt;

    /** One API key: only its hash and a display prefix are kept. */
    public static class ApiKeyEntry {
        public String id;
        public String prefix;
        public String hash;
        public Instant createdAt;

        public ApiKeyEntry() {
        }

        public ApiKeyEntry(String id, String prefix, String hash, Instant createdAt) {
            this.id = id;
            this.prefix = prefix;
            this.hash = hash;
            this.createdAt = createdAt;
        }
    }
}
