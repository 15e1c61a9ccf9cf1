package ai.induo.gateway.requestlog;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;

import ai.induo.gateway.rest.QueryParameters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bson.conversions.Bson;

/**
 * The query of {@code GET /v1/logs}: filters ({@code status}, {@code method}, {@code route},
 * {@code created_after}, {@code created_before}) and the page ({@code limit}, {@code starting_after}).
 * Every parameter is given at most once; an unknown or malformed one is {@code 400 invalid_request}.
 */
public record RequestLogQuery(Integer status, String method, String route, Instant createdAfter,
        Instant createdBefore, int limit, String startingAfter) {

    /** Reads the query from the request's decoded query parameters. */
    public static RequestLogQuery parse(Map<String, List<String>> parameters) {
        Integer status = null;
        String method = null;
        String route = null;
        Instant createdAfter = null;
        Instant createdBefore = null;
        int limit = QueryParameters.DEFAULT_LIMIT;
        String startingAfter = null;
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            String value = QueryParameters.single(parameter);
            switch (name) {
                case "status" -> status = parseStatus(value);
                case "method" -> method = value.toUpperCase(Locale.ROOT);
                case "route" -> route = value;
                case "created_after" -> createdAfter = QueryParameters.time(name, value);
                case "created_before" -> createdBefore = QueryParameters.time(name, value);
                case "limit" -> limit = QueryParameters.limit(value);
                case "starting_after" -> startingAfter = QueryParameters.cursor(RequestLogEntity.ID_PREFIX, value, "a request log id");
                default -> throw QueryParameters.invalid("Unknown parameter '" + name + "'; the parameters are status, method, route, "
                        + "created_after, created_before, limit and starting_after.");
            }
        }
        return new RequestLogQuery(status, method, route, createdAfter, createdBefore, limit, startingAfter);
    }

    /** The MongoDB filter of the query's conditions, without account scoping and cursor. */
    public Bson filter() {
        List<Bson> filters = new ArrayList<>();
        if (status != null) {
            filters.add(eq("status", status));
        }
        if (method != null) {
            filters.add(eq("method", method));
        }
        if (route != null) {
            filters.add(eq("route", route));
        }
        if (createdAfter != null) {
            filters.add(gt("createdAt", createdAfter));
        }
        if (createdBefore != null) {
            filters.add(lt("createdAt", createdBefore));
        }
        return QueryParameters.allOf(filters);
    }

    private static int parseStatus(String value) {
        int status;
        try {
            status = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            status = 0;
        }
        if (status >= 100 && status <= 599) {
            return status;
        }
        throw QueryParameters.invalid("status must be an HTTP status code from 100 to 599.");
    }

}
