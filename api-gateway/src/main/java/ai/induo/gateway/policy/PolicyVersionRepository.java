package ai.induo.gateway.policy;

import static com.mongodb.client.model.Filters.gt;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Announced policy versions in MongoDB: collection {@code policy_versions}. */
@ApplicationScoped
public class PolicyVersionRepository implements PanacheMongoRepositoryBase<PolicyVersionEntity, String> {

    /**
     * Records the version as announced unless it already is; either way the version as stored, so a
     * second announcement of a version keeps its first summary and time.
     */
    public PolicyVersionEntity recordIfAbsent(PolicyVersionEntity announced) {
        try {
            persist(announced);
            return announced;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return findById(announced.version);
        }
    }

    /** The version, if it was announced. */
    public Optional<PolicyVersionEntity> find(String version) {
        return findByIdOptional(version);
    }

    /** The versions announced after this one. */
    public List<String> announcedAfter(PolicyVersionEntity version) {
        List<String> later = new ArrayList<>();
        for (PolicyVersionEntity newer : mongoCollection().find(gt("announcedAt", version.announcedAt))) {
            later.add(newer.version);
        }
        return later;
    }
}
