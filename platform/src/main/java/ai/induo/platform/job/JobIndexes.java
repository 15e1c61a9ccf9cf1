package ai.induo.platform.job;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Creates the indexes the job queries use, at start (idempotent). */
@ApplicationScoped
public class JobIndexes {

    @Inject
    MongoJobStore jobs;

    void onStart(@Observes StartupEvent event) {
        var collection = jobs.mongoCollection();
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending("accountId"), Indexes.descending("createdAt")));
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending("accountId"), Indexes.descending("_id")));
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending("status"), Indexes.ascending("expiresAt")));
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending("dispatched"), Indexes.ascending("createdAt")));
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending("status"), Indexes.ascending("createdAt")));
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending("notifyPending"), Indexes.ascending("notifyNextAt")));
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending("status"), Indexes.ascending("leaseExpiresAt")),
                new IndexOptions().name("status_lease"));
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending("inputsDeletedAt"), Indexes.ascending("finishedAt")));
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending("outputsDeletedAt"), Indexes.ascending("finishedAt")));
    }
}
