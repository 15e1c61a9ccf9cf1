package ai.induo.platform.job;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import java.time.Instant;
import org.bson.conversions.Bson;

/** Conditions on job documents that the store and the gateway's own queries share. */
public final class JobFilters {

    private JobFilters() {
    }

    /** The job's retry backoff ({@code dispatchAfter}) is over at {@code now}, or it has none. */
    public static Bson backoffOver(Instant now) {
        return or(eq("dispatchAfter", null), lte("dispatchAfter", now));
    }
}
