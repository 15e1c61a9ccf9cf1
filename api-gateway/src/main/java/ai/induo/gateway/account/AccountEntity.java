package ai.induo.gateway.account;

import ai.induo.gateway.webhook.SigningSecret;
import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * An API customer. Holds no secret in a usable form: the password as a bcrypt hash, the webhook
 * secrets wrapped by the master key. Its API keys live in {@code api_keys} ({@link ApiKeyEntity}).
 */
@MongoEntity(collection = "accounts")
public class AccountEntity {

    /** The plan every new account starts on. */
    public static final String DEFAULT_PLAN = "default";

    @BsonId
    public String id;
    public String name;
    /** Lower-cased; unique. */
    public String email;
    public String passwordHash;
    /**
     * The secrets that sign webhooks to jobs' own {@code webhook_url}: the current one first, then
     * rotated-out ones still signing until their {@code expiresAt}.
     */
    public List<SigningSecret> webhookSecrets = new ArrayList<>();
    public Instant createdAt;
    /** The plan whose limits apply ({@code induo.gateway.plans."<plan>"}); accounts stored before plans existed read as the default. */
    public String plan = DEFAULT_PLAN;
    /** The owner's choice (policy §2.2): no image of the account's jobs goes into a training set. */
    public boolean trainingOptOut;
    /** How long the account's output images are kept, in hours; null keeps {@code induo.gateway.retention.outputs}. */
    public Integer outputRetentionHours;
    /** The privacy policy version the owner accepted at sign-up, or was last told about. */
    public String policyVersion;
    /** When {@link #policyVersion} was accepted or announced. */
    public Instant policyVersionAt;
    /**
     * The receipt id ({@code era_…}) of the erasure under way; null while the account is in use. An
     * account being erased signs in no more, and its email stays taken until the erasure ends.
     */
    public String erasureId;
}
