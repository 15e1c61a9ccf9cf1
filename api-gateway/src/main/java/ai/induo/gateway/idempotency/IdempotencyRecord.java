package ai.induo.gateway.idempotency;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * One idempotency key of one caller: reserved while its first request runs, then the response that
 * request got. Request bodies are never kept, only their keyed digest (never covering a password); the response body is kept encrypted
 * under the key of the account it belongs to ({@link AnswerCipher}), since it may hold a secret shown
 * once (a new API key).
 */
@MongoEntity(collection = "idempotency_keys")
public class IdempotencyRecord {

    /** Reserved: the first request under the key is still running. */
    public static final String IN_PROGRESS = "in_progress";
    /** The first request's response is stored. */
    public static final String COMPLETED = "completed";

    /** Hex SHA-256 of scope and key, so one insert reserves the key. */
    @BsonId
    public String id;
    /** {@code account:<account id>}, or {@code sign-up} for unauthenticated sign-up. */
    public String scope;
    public String key;
    public String state;
    /** Hex HMAC-SHA256 ({@link RequestDigest}) of method, path and body of the first request; set when completed. */
    public String requestHash;
    public int status;
    public String contentType;
    public String location;
    public String cacheControl;
    /** The account the response belongs to, whose key encrypts its body; set when completed. */
    public String accountId;
    /** The response body, encrypted for {@link #accountId} by {@link AnswerCipher}. */
    public byte[] bodyEncrypted;
    public Instant createdAt;
    public Instant expiresAt;
}
