package ai.induo.gateway.privacy.erasure;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Filters.regex;

import ai.induo.common.job.JobImages;
import ai.induo.gateway.account.AccountRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.bson.conversions.Bson;

/**
 * Deletes the account's documents from every collection that holds them, in the order of
 * {@link #COLLECTIONS}; a new collection of account data is one more line there. The account
 * document itself goes last, in {@link AccountDocumentStep}.
 */
@ApplicationScoped
public class AccountDocumentsStep implements ErasureStep {

    static final String SESSIONS = "sessions";
    static final String API_KEYS = "api_keys";

    /**
     * The collections of account data and how each finds the account's documents. Jobs go first
     * (their completion outbox entries live on the job documents); the credentials and the account
     * keys last, so a run stopped part-way is still shut out and shredded. The orphan sweep's cursor is dropped when it
     * points into the account's objects, and its next walk starts from the first key.
     */
    static final List<AccountCollection> COLLECTIONS = List.of(
            byAccountId("jobs"),
            new AccountCollection("active_jobs", accountId -> eq("_id", accountId)),
            byAccountId("webhook_endpoints"),
            byAccountId("webhook_deliveries"),
            byAccountId("request_logs"),
            new AccountCollection("idempotency_keys", accountId -> or(eq("accountId", accountId),
                    eq("scope", "account:" + accountId))),
            byAccountId("usage_aggregates"),
            byAccountId("mail_outbox"),
            new AccountCollection("retention_cursors", accountId -> regex("after",
                    "^" + Pattern.quote(JobImages.accountPrefix(accountId)))),
            byAccountId(SESSIONS),
            byAccountId(API_KEYS),
            byAccountId("account_keys"));

    /** A collection of account data, and the filter on its documents of one account. */
    record AccountCollection(String name, Function<String, Bson> filter) {
    }

    @Inject
    AccountRepository accounts;

    @Override
    public String name() {
        return "documents";
    }

    @Override
    public int order() {
        return 300;
    }

    @Override
    public Map<String, Long> erase(ErasureSubject subject) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (AccountCollection collection : COLLECTIONS) {
            counts.put(collection.name(), delete(subject.accountId(), collection));
        }
        return counts;
    }

    /** Deletes the account's documents in the named collections of {@link #COLLECTIONS}. */
    void delete(String accountId, String... names) {
        List<String> wanted = List.of(names);
        COLLECTIONS.stream().filter(collection -> wanted.contains(collection.name()))
                .forEach(collection -> delete(accountId, collection));
    }

    private long delete(String accountId, AccountCollection collection) {
        return accounts.mongoDatabase().getCollection(collection.name()).deleteMany(collection.filter().apply(accountId))
                .getDeletedCount();
    }

    private static AccountCollection byAccountId(String name) {
        return new AccountCollection(name, accountId -> eq("accountId", accountId));
    }
}
