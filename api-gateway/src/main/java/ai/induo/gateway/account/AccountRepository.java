package ai.induo.gateway.account;

import static com.mongodb.client.model.Filters.elemMatch;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/** Accounts in MongoDB: collection {@code accounts}. */
@ApplicationScoped
public class AccountRepository implements PanacheMongoRepositoryBase<AccountEntity, String> {

    void createIndexes(@Observes StartupEvent event) {
        mongoCollection().createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
        mongoCollection().createIndex(Indexes.ascending("apiKeys.hash"), new IndexOptions().unique(true).sparse(true));
    }

    /** The account owning the API key with this hash. */
    public Optional<AccountEntity> findByApiKeyHash(String hash) {
        return Optional.ofNullable(mongoCollection().find(elemMatch("apiKeys", eq("hash", hash))).first());
    }
}
