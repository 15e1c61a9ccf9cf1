package ai.induo.gateway.requestlog;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.conversions.Bson;

/** The request log in MongoDB: collection {@code request_logs}, indexed on {@code {accountId, _id desc}}. */
@ApplicationScoped
public class RequestLogRepository implements PanacheMongoRepositoryBase<RequestLogEntity, String> {

    private static final String ACCOUNT_ID = "accountId";
    private static final String CREATED_AT = "createdAt";

    void createIndexes(@Observes StartupEvent event) {
        mongoCollection().createIndex(Indexes.compoundIndex(Indexes.ascending(ACCOUNT_ID), Indexes.descending("_id")));
        mongoCollection().createIndex(Indexes.ascending(CREATED_AT));
    }

    /**
     * Writes a batch of entries with one unordered insert; answers how many the database refused. An
     * entry already stored (by an earlier write of the batch that failed part-way) counts as written.
     *
     * @throws MongoException when the database cannot be reached or the write's outcome is unknown
     */
    public int insertBatch(List<RequestLogEntity> entries) {
        try {
            mongoCollection().insertMany(entries, new InsertManyOptions().ordered(false));
            return 0;
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null) {
                throw e;
            }
            return (int) e.getWriteErrors().stream()
                    .filter(error -> ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY)
                    .count();
        }
    }

    /** Up to {@code limit} of the account's entries matching {@code filter}, newest first, older than the cursor. */
    public List<RequestLogEntity> listForAccount(String accountId, Bson filter, String startingAfter, int limit) {
        List<Bson> filters = new ArrayList<>(List.of(eq(ACCOUNT_ID, accountId), filter));
        if (startingAfter != null) {
            filters.add(lt("_id", startingAfter));
        }
        return mongoCollection().find(and(filters)).sort(Sorts.descending("_id")).limit(limit).into(new ArrayList<>());
    }

    /** Deletes the entries without an account (requests not authenticated) created before {@code cutoff}; how many. */
    public long deleteUnauthenticatedCreatedBefore(Instant cutoff) {
        return mongoCollection().deleteMany(and(eq(ACCOUNT_ID, null), lt(CREATED_AT, cutoff))).getDeletedCount();
    }

    /** Deletes the entries created before {@code cutoff}; how many. */
    public long deleteCreatedBefore(Instant cutoff) {
        return mongoCollection().deleteMany(lt(CREATED_AT, cutoff)).getDeletedCount();
    }
}
