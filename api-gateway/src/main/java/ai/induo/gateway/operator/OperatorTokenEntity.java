package ai.induo.gateway.operator;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * An operator token: only its SHA-256 and a display prefix are kept. A revoked token stays (with
 * {@code revokedAt}) so the audit log's entries keep naming it, but never authenticates again.
 */
@MongoEntity(collection = "operator_tokens")
public class OperatorTokenEntity {

    @BsonId
    public String id;
    /** Who holds it, e.g. {@code alice}. */
    public String name;
    /** The start of the token, shown in listings, e.g. {@code op_4f9k2a}. */
    public String prefix;
    /** Hex SHA-256 of the token; unique. */
    public String hash;
    /** Wire names of its roles ({@link Role#wireName()}). */
    public List<String> roles = new ArrayList<>();
    public Instant createdAt;
    /** When the token last authenticated, to {@code induo.operator.last-used-interval}. */
    public Instant lastUsedAt;
    public Instant revokedAt;
}
