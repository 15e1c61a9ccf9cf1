package ai.induo.gateway.requestlog;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import org.bson.codecs.pojo.annotations.BsonId;

/** One {@code /v1} request as recorded in the request log: collection {@code request_logs}. */
@MongoEntity(collection = "request_logs")
public class RequestLogEntity {

    /** Prefix of request log ids; ids sort by creation time. */
    public static final String ID_PREFIX = "req";

    @BsonId
    public String id;
    /** The caller's account; null for requests that were not authenticated. */
    public String accountId;
    /** The API key used; null for dashboard sessions and requests that were not authenticated. */
    public String apiKeyId;
    public Instant createdAt;
    public String ip;
    public String method;
    /** The matched route template such as {@code /v1/jobs/{id}}; null when no route matched. */
    public String route;
    public int status;
    public long latencyMs;
    public long requestBytes;
}
