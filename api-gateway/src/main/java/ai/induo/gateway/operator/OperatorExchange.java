package ai.induo.gateway.operator;

import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * One request to an operator route: who sent it, its path and query parameters, its JSON body, and
 * what the audit entry will say about it ({@link #concernsAccount}, {@link #concernsEmail},
 * {@link #detail}).
 */
public final class OperatorExchange {

    private final RoutingContext context;
    private final Operator operator;
    private final ObjectMapper json;
    private OperatorAction audited;

    OperatorExchange(RoutingContext context, Operator operator, String action, ObjectMapper json) {
        this.context = context;
        this.operator = operator;
        this.json = json;
        this.audited = OperatorAction.of(operator, action);
    }

    /** Who sent the request. */
    public Operator operator() {
        return operator;
    }

    /** The path parameter ({@code {id}} in the route's path); never null on a route that declares it. */
    public String pathParam(String name) {
        return context.pathParam(name);
    }

    /** The query parameter's first value. */
    public Optional<String> queryParam(String name) {
        return context.queryParam(name).stream().findFirst();
    }

    /** The query parameter as {@code true}/{@code false}; absent is {@code fallback}, anything else {@code 400}. */
    public boolean booleanParam(String name, boolean fallback) {
        return queryParam(name).map(value -> switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST, name + " must be true or false.");
        }).orElse(fallback);
    }

    /**
     * The JSON body read as {@code type} (a record with {@code @JsonProperty} fields); a malformed body
     * is {@code 400 malformed_json}, an unknown field {@code 400 invalid_request}.
     */
    public <T> T body(Class<T> type) {
        ObjectReader reader = json.readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        String text = context.body() == null ? null : context.body().asString();
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest(ErrorCodes.MALFORMED_JSON, "Send a JSON object.");
        }
        try {
            return reader.readValue(text);
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST, "Unknown field '" + e.getPropertyName() + "'.");
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(ErrorCodes.MALFORMED_JSON, "The body is not the JSON object this route takes.");
        }
    }

    /** The audit entry names this account. */
    public void concernsAccount(String accountId) {
        audited = audited.onAccount(accountId);
    }

    /** The audit entry names this email (kept as a keyed digest), for a request that found no account. */
    public void concernsEmail(String email) {
        audited = audited.onEmail(email);
    }

    /** A short note for the audit entry, without personal data: a receipt id, a count. */
    public void detail(String detail) {
        audited = audited.withDetail(detail);
    }

    /** The audit entry so far. */
    OperatorAction audited() {
        return audited;
    }
}
