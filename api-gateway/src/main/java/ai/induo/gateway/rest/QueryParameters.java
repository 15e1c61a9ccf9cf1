package ai.induo.gateway.rest;

import ai.induo.common.id.Ids;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import com.mongodb.client.model.Filters;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.bson.conversions.Bson;

/**
 * Parsing of the query parameters list endpoints share ({@code created_after}, {@code limit},
 * {@code starting_after}, …); a malformed value is {@code 400 invalid_request} naming the parameter.
 * Also combines the conditions they set into one filter.
 */
public final class QueryParameters {

    /** Page size when {@code limit} is not given. */
    public static final int DEFAULT_LIMIT = 20;
    /** Largest page. */
    public static final int MAX_LIMIT = 100;

    private QueryParameters() {
    }

    /** The one value of a parameter; a parameter given more than once is refused. */
    public static String single(Map.Entry<String, List<String>> parameter) {
        if (parameter.getValue().size() != 1) {
            throw invalid(parameter.getKey() + " is given more than once.");
        }
        return parameter.getValue().get(0);
    }

    /** An RFC 3339 date-time. */
    public static Instant time(String name, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(name + " must be an RFC 3339 date-time such as 2025-01-31T12:00:00Z.");
        }
    }

    /** A page size from 1 to {@link #MAX_LIMIT}. */
    public static int limit(String value) {
        int limit;
        try {
            limit = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            limit = 0;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw invalid("limit must be a whole number from 1 to " + MAX_LIMIT + ".");
        }
        return limit;
    }

    /** A {@code starting_after} cursor: an id with the given type prefix. */
    public static String cursor(String idPrefix, String value, String what) {
        if (!Ids.isValid(idPrefix, value)) {
            throw invalid("starting_after must be " + what + ".");
        }
        return value;
    }

    /** The 400 answer to a malformed parameter. */
    public static ApiException invalid(String detail) {
        return ApiException.badRequest(ErrorCodes.INVALID_REQUEST, detail);
    }

    /**
     * The conditions a list query's parameters set, all of them; every document when there are none
     * (MongoDB refuses an {@code $and} of nothing).
     */
    public static Bson allOf(List<Bson> conditions) {
        return conditions.isEmpty() ? Filters.empty() : Filters.and(conditions);
    }
}
