package ai.induo.gateway.webhook;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.conversions.Bson;

/** Webhook endpoints in MongoDB: collection {@code webhook_endpoints}. Every query names the account. */
@ApplicationScoped
public class WebhookEndpointRepository implements PanacheMongoRepositoryBase<WebhookEndpointEntity, String> {

    private static final FindOneAndUpdateOptions RETURN_AFTER = new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

    void createIndexes(@Observes StartupEvent event) {
        mongoCollection().createIndex(Indexes.compoundIndex(Indexes.ascending("accountId"), Indexes.descending("_id")));
    }

    /** The account's endpoint with this id. */
    public Optional<WebhookEndpointEntity> find(String accountId, String id) {
        return Optional.ofNullable(mongoCollection().find(owned(accountId, id)).first());
    }

    /** The account's endpoints, newest first. */
    public List<WebhookEndpointEntity> list(String accountId) {
        return mongoCollection().find(eq("accountId", accountId)).sort(Sorts.descending("_id")).into(new ArrayList<>());
    }

    /** The account's enabled endpoints. */
    public List<WebhookEndpointEntity> listEnabled(String accountId) {
        return mongoCollection().find(and(eq("accountId", accountId), eq("enabled", true))).into(new ArrayList<>());
    }

    public long count(String accountId) {
        return mongoCollection().countDocuments(eq("accountId", accountId));
    }

    /** Applies {@code updates} to the account's endpoint; the endpoint after them, or empty when there is none. */
    public Optional<WebhookEndpointEntity> update(String accountId, String id, List<Bson> updates) {
        return Optional.ofNullable(mongoCollection().findOneAndUpdate(owned(accountId, id), Updates.combine(updates), RETURN_AFTER));
    }

    /** Deletes the account's endpoint; false when it has none with this id. */
    public boolean delete(String accountId, String id) {
        return mongoCollection().deleteOne(owned(accountId, id)).getDeletedCount() > 0;
    }

    private static Bson owned(String accountId, String id) {
        return and(eq("_id", id), eq("accountId", accountId));
    }
}
