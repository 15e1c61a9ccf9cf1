package ai.induo.gateway.account;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * An API key: only its SHA-256 and a display prefix are kept. A revoked key stays (with
 * {@code revokedAt}) so its id keeps meaning something in records, but never authenticates again.
 */
@MongoEntity(collection = "api_keys")
public class ApiKeyEntity {

    @BsonId
    public String id;
    public String accountId;
    public String name;
    /** The start of the key, shown in listings, e.g. {@code sk_4f9k2a}. */
    public String prefix;
    /** Hex SHA-256 of the key; unique. */
    public String hash;
    /** Wire names of its scopes ({@link Scope#wireName()}). */
    public List<String> scopes = new ArrayList<>();
    public Instant createdAt;
    /** When the key last authenticated, to {@code induo.gateway.api-keys.last-used-interval}. */
    public Instant lastUsedAt;
    public Instant revokedAt;
}
