package ai.induo.gateway.policy;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.types.ObjectId;

/**
 * One policy announcement to send to one account. It names the account, never its email, which is
 * read when the message is sent: an email corrected meanwhile gets it, an erased account's message is
 * dropped. Unique per account and version.
 */
@MongoEntity(collection = "mail_outbox")
public class MailOutboxEntity {

    /** Waiting for its next attempt. */
    public static final String PENDING = "pending";
    /** Accepted by the SMTP server. */
    public static final String SENT = "sent";
    /** Failed {@code induo.mail.max-attempts} times; not tried again. */
    public static final String GAVE_UP = "gave_up";

    @BsonId
    public ObjectId id;
    public String accountId;
    /** The announced policy version ({@link PolicyVersionEntity}). */
    public String version;
    public String status;
    /** Attempts begun so far. */
    public int attempts;
    /** When the next attempt may begin; while a sender holds the message, when its hold ends. */
    public Instant nextAttemptAt;
    public Instant createdAt;
    public Instant sentAt;
    /** Why the latest attempt failed: the SMTP client's message, cut to {@link MailOutboxRepository#MAX_ERROR_CHARS}. */
    public String lastError;
}
