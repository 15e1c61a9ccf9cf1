package ai.induo.gateway.policy;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import org.bson.codecs.pojo.annotations.BsonId;

/** A privacy policy version announced to every account ({@code announce-policy}). Holds no personal data. */
@MongoEntity(collection = "policy_versions")
public class PolicyVersionEntity {

    /** The version, e.g. {@code 2026-12-03}. */
    @BsonId
    public String version;
    /** What changed, in the words every account's message carries. */
    public String summary;
    /** When the version was first announced. */
    public Instant announcedAt;
}
