package ai.induo.gateway.operator;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

import ai.induo.gateway.crypto.KeyedDigests;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The operator audit log, collection {@code operator_audit}: append-only. This class inserts entries
 * and reads them; nothing in the code updates or deletes one. Each entry is chained to the previous
 * one ({@link AuditEntry}), so an entry changed or removed in the database directly shows in
 * {@link #verify()}; each entry's hash also goes to the application log, an anchor kept outside the
 * database that shows entries removed from the end. Gateways recording at once each take the next
 * {@code seq} (the {@code _id}): the one that loses the insert reads the new end and chains again.
 */
@ApplicationScoped
public class OperatorAudit {

    private static final Logger LOG = Logger.getLogger(OperatorAudit.class);
    private static final String COLLECTION = "operator_audit";
    private static final int MAX_ATTEMPTS = 20;

    @Inject
    MongoClient mongo;

    @Inject
    KeyedDigests digests;

    @Inject
    Clock clock;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    private MongoCollection<Document> entries;

    /** The result of checking the whole chain. */
    public record ChainCheck(boolean intact, long entries, Long firstBrokenSeq, String headHash) {
    }

    @PostConstruct
    void init() {
        entries = mongo.getDatabase(database).getCollection(COLLECTION);
    }

    /** Appends the action to the log; the entry as stored. */
    public AuditEntry record(OperatorAction action) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String accountDigest = action.accountId() == null ? null : accountDigest(action.accountId());
        String emailDigest = action.accountEmail() == null ? null : emailDigest(action.accountEmail());
        for (int attempt = 1; ; attempt++) {
            Document last = entries.find().sort(Sorts.descending("_id")).limit(1).first();
            AuditEntry previous = last == null ? null : AuditEntry.fromDocument(last);
            AuditEntry entry = AuditEntry.chained(previous == null ? 1 : previous.seq() + 1, at, action.operator().id(),
                    action.operator().name(), action.action(), accountDigest, emailDigest, action.outcome(), action.detail(),
                    previous == null ? AuditEntry.GENESIS : previous.hash());
            try {
                entries.insertOne(entry.toDocument());
                LOG.infof("operator audit #%d %s by %s: %s (hash %s)", entry.seq(), entry.action(), entry.operatorId(),
                        entry.outcome(), entry.hash());
                return entry;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** The newest entries first, before {@code beforeSeq} when given, about this account when given. */
    public List<AuditEntry> page(Long beforeSeq, String accountId, int limit) {
        List<Bson> filters = new ArrayList<>();
        if (beforeSeq != null) {
            filters.add(lt("_id", beforeSeq));
        }
        if (accountId != null) {
            filters.add(eq("accountDigest", accountDigest(accountId)));
        }
        Bson filter = filters.isEmpty() ? Filters.empty() : and(filters);
        List<AuditEntry> page = new ArrayList<>();
        entries.find(filter).sort(Sorts.descending("_id")).limit(limit).forEach(doc -> page.add(AuditEntry.fromDocument(doc)));
        return page;
    }

    /** Walks the whole chain from the first entry: every seq in turn, every link and every hash as recorded. */
    public ChainCheck verify() {
        long expectedSeq = 1;
        String previousHash = AuditEntry.GENESIS;
        for (Document document : entries.find().sort(Sorts.ascending("_id"))) {
            AuditEntry entry = AuditEntry.fromDocument(document);
            if (entry.seq() != expectedSeq || !previousHash.equals(entry.prevHash()) || !entry.expectedHash().equals(entry.hash())) {
                LOG.errorf("the operator audit chain is broken at #%d", expectedSeq);
                return new ChainCheck(false, expectedSeq - 1, expectedSeq, previousHash);
            }
            previousHash = entry.hash();
            expectedSeq++;
        }
        return new ChainCheck(true, expectedSeq - 1, null, previousHash);
    }

    /** The digest an account id is kept under in the log. */
    String accountDigest(String accountId) {
        return digests.hex(KeyedDigests.Purpose.OPERATOR_AUDIT_TARGET, "account:" + accountId);
    }

    /** The digest an email is kept under in the log (lower-cased, as accounts keep emails). */
    String emailDigest(String email) {
        return digests.hex(KeyedDigests.Purpose.OPERATOR_AUDIT_TARGET, "email:" + email.strip().toLowerCase(Locale.ROOT));
    }
}
