package ai.induo.platform.crypto;

import com.mongodb.client.model.Indexes;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** The {@code account_keys} collection. */
@ApplicationScoped
public class AccountKeyRepository implements PanacheMongoRepositoryBase<AccountKeyEntity, String> {

    void createIndexes(@Observes StartupEvent event) {
        mongoCollection().createIndex(Indexes.compoundIndex(Indexes.ascending("accountId"), Indexes.descending("createdAt")));
    }
}
