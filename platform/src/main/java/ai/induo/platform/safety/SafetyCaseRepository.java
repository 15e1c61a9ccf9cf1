package ai.induo.platform.safety;

import com.mongodb.client.model.Indexes;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** The {@code safety_cases} collection. */
@ApplicationScoped
public class SafetyCaseRepository implements PanacheMongoRepositoryBase<SafetyCaseEntity, String> {

    void createIndexes(@Observes StartupEvent event) {
        mongoCollection().createIndex(Indexes.compoundIndex(Indexes.ascending("outcome"), Indexes.ascending("_id")));
    }
}
