package ai.induo.platform.job;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Creates the indexes the job queries use, at start (idempotent), and the one that binds an
 * idempotency key to one job of its account. That one is a unique sparse index on a single field
 * ({@code accountIdempotencyKey}) rather than on {@code (accountId, idempotencyKey)}: a sparse
 * compound index still holds every job that has an {@code accountId}, and the MongoDB-wire server
 * the tests and the local stack run on ignores {@code partialFilterExpression}.
 */
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
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending("status"), Indexes.ascending("model"),
                Indexes.ascending("createdAt")));
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending("notifyPending"), Indexes.ascending("notifyNextAt")));
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending("status"), Indexes.ascending("leaseExpiresAt")),
                new IndexOptions().name("status_lease"));
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending("inputsDeletedAt"), Indexes.ascending("finishedAt")));
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending("outputsDeletedAt"), Indexes.ascending("finishedAt")));
        collection.createIndex(Indexes.ascending("accountIdempotencyKey"),
                new IndexOptions().name("account_idempotency_key").unique(true).sparse(true));
    }
}
