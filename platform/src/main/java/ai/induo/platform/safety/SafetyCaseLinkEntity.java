package ai.induo.platform.safety;

import io.quarkus.mongodb.panache.common.MongoEntity;
import org.bson.codecs.pojo.annotations.BsonId;

/** Which account and job an open safety case came from, keyed by the case id. */
@MongoEntity(collection = "safety_case_links")
public class SafetyCaseLinkEntity {

    @BsonId
    public String caseId;
    public String accountId;
    public String jobId;
}
