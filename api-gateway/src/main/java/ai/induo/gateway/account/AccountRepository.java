package ai.induo.gateway.account;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.conversions.Bson;

/** Accounts in MongoDB: collection {@code accounts}. */
@ApplicationScoped
public class AccountRepository implements PanacheMongoRepositoryBase<AccountEntity, String> {

    void createIndexes(@Observes StartupEvent event) {
        mongoCollection().createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
    }

    /** The account with this (lower-cased) email. */
    public Optional<AccountEntity> findByEmail(String email) {
        return Optional.ofNullable(mongoCollection().find(eq("email", email)).first());
    }

    /**
     * Sets the name and the email where given (non-null); false when there is no such account. An
     * email another account holds fails with the unique index's duplicate-key error.
     */
    public boolean updateProfile(String id, String name, String email) {
        List<Bson> changes = new ArrayList<>();
        if (name != null) {
            changes.add(Updates.set("name", name));
        }
        if (email != null) {
            changes.add(Updates.set("email", email));
        }
        if (changes.isEmpty()) {
            return mongoCollection().countDocuments(eq("_id", id)) > 0;
        }
        return mongoCollection().updateOne(eq("_id", id), Updates.combine(changes)).getMatchedCount() > 0;
    }
}
