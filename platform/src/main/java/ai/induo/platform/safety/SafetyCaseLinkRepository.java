package ai.induo.platform.safety;

import com.mongodb.client.model.Indexes;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** The {@code safety_case_links} collection. */
@ApplicationScoped
public class SafetyCaseLinkRepository implements PanacheMongoRepositoryBase<SafetyCaseLinkEntity, String> {

    void createIndexes(@Observes StartupEvent event) {
        mongoCollection().createIndex(Indexes.ascending("accountId"));
        mongoCollection().createIndex(Indexes.ascending("jobId"));
    }
}
