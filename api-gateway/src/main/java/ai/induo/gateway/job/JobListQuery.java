package ai.induo.gateway.job;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;

import ai.induo.common.id.Ids;
import ai.induo.common.job.JobStatus;
import ai.induo.gateway.rest.QueryParameters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.conversions.Bson;

/**
 * The query of {@code GET /v1/jobs}: filters ({@code status}, {@code metadata[key]=value},
 * {@code created_after}, {@code created_before}) and the page ({@code limit}, {@code starting_after}).
 * Every parameter is given at most once; an unknown or malformed one is {@code 400 invalid_request}.
 */
public record JobListQuery(JobStatus status, Map<String, String> metadata, Instant createdAfter,
        Instant createdBefore, int limit, String startingAfter) {

    static final String STATUS = "status";
    static final String CREATED_AFTER = "created_after";
    static final String CREATED_BEFORE = "created_before";
    static final String LIMIT = "limit";
    static final String STARTING_AFTER = "starting_after";
    static final String METADATA_PREFIX = "metadata[";

    /** Reads the query from the request's decoded query parameters. */
    public static JobListQuery parse(Map<String, List<String>> parameters) {
        JobStatus status = null;
        Map<String, String> metadata = new LinkedHashMap<>();
        Instant createdAfter = null;
        Instant createdBefore = null;
        int limit = QueryParameters.DEFAULT_LIMIT;
        String startingAfter = null;
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            String value = QueryParameters.single(parameter);
            switch (name) {
                case STATUS -> status = parseStatus(value);
                case CREATED_AFTER -> createdAfter = QueryParameters.time(name, value);
                case CREATED_BEFORE -> createdBefore = QueryParameters.time(name, value);
                case LIMIT -> limit = QueryParameters.limit(value);
                case STARTING_AFTER -> startingAfter = QueryParameters.cursor(Ids.JOB, value, "a job id");
                default -> metadata.put(metadataKey(name), value);
            }
        }
        return new JobListQuery(status, Map.copyOf(metadata), createdAfter, createdBefore, limit, startingAfter);
    }

    /** The MongoDB filter of the query's conditions, without account scoping and cursor. */
    public Bson filter() {
        List<Bson> filters = new ArrayList<>();
        if (status != null) {
            filters.add(eq("status", status.wireName()));
        }
        metadata.forEach((key, value) -> filters.add(eq("metadata." + key, value)));
        if (createdAfter != null) {
            filters.add(gt("createdAt", createdAfter));
        }
        if (createdBefore != null) {
            filters.add(lt("createdAt", createdBefore));
        }
        return QueryParameters.allOf(filters);
    }

    private static JobStatus parseStatus(String value) {
        try {
            return JobStatus.fromWireName(value);
        } catch (IllegalArgumentException e) {
            throw QueryParameters.invalid("status must be one of queued, running, succeeded, failed, cancelled, expired.");
        }
    }

    /** The key of a {@code metadata[key]} parameter; any other name is unknown. */
    private static String metadataKey(String name) {
        if (!name.startsWith(METADATA_PREFIX) || !name.endsWith("]")) {
            throw QueryParameters.invalid("Unknown parameter '" + name + "'; the parameters are status, metadata[key], created_after, "
                    + "created_before, limit and starting_after.");
        }
        String key = name.substring(METADATA_PREFIX.length(), name.length() - 1);
        if (key.isEmpty() || key.length() > Metadata.MAX_KEY_CHARS || key.indexOf('.') >= 0 || key.startsWith("$")) {
            throw QueryParameters.invalid("metadata keys to filter on must have 1 to " + Metadata.MAX_KEY_CHARS
                    + " characters, without '.' and not starting with '$'.");
        }
        return key;
    }

}
