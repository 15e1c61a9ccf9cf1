package ai.induo.gateway.webhook;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * One event on its way to one destination (a webhook endpoint, or the job's own {@code webhook_url})
 * and every attempt made so far. The schedule lives here, in the database: a gateway that crashes
 * loses nothing, and any gateway sends the next attempt when it falls due.
 */
@MongoEntity(collection = "webhook_deliveries")
public class WebhookDeliveryEntity {

    public static final String PENDING = "pending";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    @BsonId
    public String id;
    public String accountId;
    public String jobId;
    /** The endpoint it goes to; null when it goes to the job's own {@code webhook_url}. */
    public String endpointId;
    /** Where it goes to when it is the job's own {@code webhook_url}; an endpoint's URL is read at each attempt. */
    public String url;
    /** {@code webhook-id}: the same for every attempt and every destination of the event. */
    public String eventId;
    public String eventType;
    /** {@code eventId} and the destination: unique, so an event is never queued twice for one destination. */
    public String dedupeKey;
    /** {@link #PENDING} while attempts are scheduled, else the outcome of the last attempt. */
    public String status;
    /** Attempts made on the schedule (manual retries are not counted). */
    public int scheduledAttempts;
    /** When the next scheduled attempt falls due; null when none is scheduled. */
    public Instant nextAttemptAt;
    /** A gateway is sending an attempt until then. */
    public Instant leaseUntil;
    public List<Attempt> attempts = new ArrayList<>();
    public Instant createdAt;

    /** One attempt: when, where, and what came back. */
    public static class Attempt {
        public Instant at;
        public String url;
        /** The receiver's HTTP status; null when no answer came (timeout, refused connection, blocked address). */
        public Integer statusCode;
        public long latencyMs;
        /** Why the attempt failed; null when it was delivered. */
        public String error;
        /** {@code scheduled} or {@code manual}. */
        public String trigger;
    }
}
