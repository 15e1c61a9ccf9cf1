package ai.induo.platform.crypto;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import org.bson.codecs.pojo.annotations.BsonId;

/** An account's data-encryption key, stored only wrapped by the master key. */
@MongoEntity(collection = "account_keys")
public class AccountKeyEntity {

    @BsonId
    public String id;
    public String accountId;
    public String masterKeyId;
    /** Null once destroyed: the account's objects can then never be decrypted again. */
    public byte[] wrappedKey;
    public Instant createdAt;
    public Instant destroyedAt;
}
