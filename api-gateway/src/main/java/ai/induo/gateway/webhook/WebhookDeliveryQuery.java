package ai.induo.gateway.webhook;

import static com.mongodb.client.model.Filters.eq;

import ai.induo.common.id.Ids;
import ai.induo.gateway.rest.QueryParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.conversions.Bson;

/**
 * The query of {@code GET /v1/webhook-deliveries}: filters ({@code job_id}, {@code endpoint_id},
 * {@code status}) and the page ({@code limit}, {@code starting_after}). Every parameter is given at
 * most once; an unknown or malformed one is {@code 400 invalid_request}.
 */
public record WebhookDeliveryQuery(String jobId, String endpointId, String status, int limit, String startingAfter) {

    private static final List<String> STATUSES = List.of(WebhookDeliveryEntity.PENDING, WebhookDeliveryEntity.SUCCEEDED,
            WebhookDeliveryEntity.FAILED);

    /** Reads the query from the request's decoded query parameters. */
    public static WebhookDeliveryQuery parse(Map<String, List<String>> parameters) {
        String jobId = null;
        String endpointId = null;
        String status = null;
        int limit = QueryParameters.DEFAULT_LIMIT;
        String startingAfter = null;
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            String value = QueryParameters.single(parameter);
            switch (name) {
                case "job_id" -> jobId = id(Ids.JOB, name, value, "a job id");
                case "endpoint_id" -> endpointId = id(Ids.WEBHOOK_ENDPOINT, name, value, "a webhook endpoint id");
                case "status" -> status = parseStatus(value);
                case "limit" -> limit = QueryParameters.limit(value);
                case "starting_after" -> startingAfter = QueryParameters.cursor(Ids.WEBHOOK_DELIVERY, value, "a webhook delivery id");
                default -> throw QueryParameters.invalid("Unknown parameter '" + name
                        + "'; the parameters are job_id, endpoint_id, status, limit and starting_after.");
            }
        }
        return new WebhookDeliveryQuery(jobId, endpointId, status, limit, startingAfter);
    }

    /** The MongoDB filter of the query's conditions, without account scoping and cursor. */
    public Bson filter() {
        List<Bson> filters = new ArrayList<>();
        if (jobId != null) {
            filters.add(eq("jobId", jobId));
        }
        if (endpointId != null) {
            filters.add(eq("endpointId", endpointId));
        }
        if (status != null) {
            filters.add(eq("status", status));
        }
        return QueryParameters.allOf(filters);
    }

    private static String id(String prefix, String name, String value, String what) {
        if (!Ids.isValid(prefix, value)) {
            throw QueryParameters.invalid(name + " must be " + what + ".");
        }
        return value;
    }

    private static String parseStatus(String value) {
        if (!STATUSES.contains(value)) {
            throw QueryParameters.invalid("status must be one of " + String.join(", ", STATUSES) + ".");
        }
        return value;
    }
}
