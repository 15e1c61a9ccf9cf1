package ai.induo.gateway.retention;

import static com.mongodb.client.model.Filters.ne;

import ai.induo.gateway.account.AccountRepository;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.bson.Document;

/**
 * The accounts that chose their own output retention ({@code output_retention_hours}, 1 to
 * {@value #MAX_HOURS}); every other account keeps outputs for {@code induo.gateway.retention.outputs}.
 * Read from a sparse index on {@code outputRetentionHours}, so the read costs the accounts that set it,
 * not all accounts.
 */
@ApplicationScoped
public class OutputRetentions {

    /** The longest output retention an account may choose: 30 days. */
    public static final int MAX_HOURS = 720;

    static final String FIELD = "outputRetentionHours";

    @Inject
    AccountRepository accounts;

    void createIndex(@Observes StartupEvent event) {
        accounts.mongoCollection().createIndex(Indexes.ascending(FIELD), new IndexOptions().sparse(true));
    }

    /** Each account that chose its own output retention, with that retention. */
    public Map<String, Duration> chosen() {
        Map<String, Duration> chosen = new HashMap<>();
        for (Document account : accounts.mongoCollection().withDocumentClass(Document.class)
                .find(ne(FIELD, null)).projection(Projections.include(FIELD))) {
            chosen.put(account.getString("_id"), Duration.ofHours(account.getInteger(FIELD)));
        }
        return chosen;
    }
}
