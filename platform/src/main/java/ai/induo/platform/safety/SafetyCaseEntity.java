package ai.induo.platform.safety;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.util.List;
import org.bson.codecs.pojo.annotations.BsonId;

/** An anonymised safety case: no account id, job id, metadata or time finer than the day. */
@MongoEntity(collection = "safety_cases")
public class SafetyCaseEntity {

    @BsonId
    public String id;
    public String category;
    public String source;
    public String outcome;
    /** ISO date, UTC. */
    public String createdOn;
    public List<String> objects;
    /** ISO date, UTC; null while open. */
    public String resolvedOn;
}
