package ai.induo.gateway.webhook;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * An account's webhook endpoint: where its events go, which event types it wants, and its signing
 * secrets, each kept only wrapped by the master key.
 */
@MongoEntity(collection = "webhook_endpoints")
public class WebhookEndpointEntity {

    @BsonId
    public String id;
    public String accountId;
    public String url;
    public String description;
    /** Wire names of the event types sent here ({@link WebhookEventTypes}); empty means every type. */
    public List<String> eventTypes = new ArrayList<>();
    public boolean enabled;
    /** Why the platform disabled the endpoint (a {@code 410} from the receiver); null when enabled by hand or never disabled. */
    public String disabledReason;
    /** The current secret first, then rotated-out secrets still signing until their {@code expiresAt} ({@link SigningSecrets}). */
    public List<SigningSecret> secrets = new ArrayList<>();
    public Instant createdAt;
    public Instant updatedAt;
}
