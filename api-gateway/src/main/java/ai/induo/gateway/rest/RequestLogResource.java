package ai.induo.gateway.rest;

import ai.induo.gateway.account.Scope;
import ai.induo.gateway.auth.CurrentCaller;
import ai.induo.gateway.auth.RequiresScope;
import ai.induo.gateway.openapi.ApiDefinition;
import ai.induo.gateway.openapi.ProblemResponse;
import ai.induo.gateway.problem.ErrorCodes;
import ai.induo.gateway.requestlog.RequestLogEntity;
import ai.induo.gateway.requestlog.RequestLogQuery;
import ai.induo.gateway.requestlog.RequestLogRepository;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's own request log, newest first. */
@Path("/v1/logs")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.ACCOUNT_ADMIN)
@Tag(name = ApiDefinition.REQUEST_LOG)
public class RequestLogResource {

    @Inject
    RequestLogRepository logs;

    @Inject
    CurrentCaller caller;

    /** One request log entry as answered. */
    @Schema(name = "RequestLogEntry", description = "One request the account made.")
    public record RequestLogView(
            @Schema(required = true, description = "The entry's id, `req_…`.")
            @JsonProperty("id") String id,
            @Schema(required = true, enumeration = "request_log")
            @JsonProperty("object") String object,
            @Schema(required = true, description = "When the request was answered.")
            @JsonProperty("created_at") Instant createdAt,
            @Schema(required = true, nullable = true, description = "The client's IP address; `null` when the connection "
                    + "has none (a Unix socket).")
            @JsonProperty("ip") String ip,
            @Schema(required = true, description = "The HTTP method.")
            @JsonProperty("method") String method,
            @Schema(required = true, nullable = true, description = "The matched route template, such as "
                    + "`/v1/jobs/{id}`; `null` when no route matched.")
            @JsonProperty("route") String route,
            @Schema(required = true, minimum = "100", maximum = "599", description = "The HTTP status of the answer.")
            @JsonProperty("status") int status,
            @Schema(required = true, minimum = "0", description = "Milliseconds from the request to its answer.")
            @JsonProperty("latency_ms") long latencyMs,
            @Schema(required = true, minimum = "0", description = "The request's `Content-Length`, else the body bytes "
                    + "read.")
            @JsonProperty("request_bytes") long requestBytes,
            @Schema(required = true, nullable = true, description = "The API key the request was made with, `key_…`; "
                    + "`null` for a dashboard session.")
            @JsonProperty("api_key_id") String apiKeyId) {

        public static RequestLogView of(RequestLogEntity entry) {
            return new RequestLogView(entry.id, "request_log", entry.createdAt, entry.ip, entry.method, entry.route,
                    entry.status, entry.latencyMs, entry.requestBytes, entry.apiKeyId);
        }
    }

    /** One page of the log; {@code starting_after} is the last id of the previous page. */
    @GET
    @Operation(operationId = "listRequestLog", summary = "Read the request log", description = "The account's "
            + "requests, newest first, one page at a time. Entries are written a second or so after the answer and "
            + "kept 30 days (`induo.gateway.request-log.retention`). Each parameter may be given once.")
    @Parameter(name = "status", in = ParameterIn.QUERY, description = "Only requests answered with this HTTP status.",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "100", maximum = "599"))
    @Parameter(name = "method", in = ParameterIn.QUERY, description = "Only requests with this HTTP method.",
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "route", in = ParameterIn.QUERY, description = "Only requests to this route template, such as "
            + "`/v1/jobs/{id}`.", schema = @Schema(type = SchemaType.STRING))
    @Parameter(ref = ApiDefinition.CREATED_AFTER)
    @Parameter(ref = ApiDefinition.CREATED_BEFORE)
    @Parameter(ref = ApiDefinition.LIMIT)
    @Parameter(ref = ApiDefinition.STARTING_AFTER)
    @APIResponse(responseCode = "200", description = "One page of the log.")
    @ProblemResponse(status = 400, code = ErrorCodes.INVALID_REQUEST,
            when = "a parameter is unknown, repeated or malformed")
    public ListView<RequestLogView> list(@Context UriInfo uri) {
        RequestLogQuery query = RequestLogQuery.parse(uri.getQueryParameters());
        return ListView.page(logs.listForAccount(caller.accountId(), query.filter(), query.startingAfter(), query.limit() + 1),
                query.limit(), RequestLogView::of);
    }
}
