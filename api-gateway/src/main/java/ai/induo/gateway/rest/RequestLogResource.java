package ai.induo.gateway.rest;

import ai.induo.gateway.account.Scope;
import ai.induo.gateway.auth.CurrentCaller;
import ai.induo.gateway.auth.RequiresScope;
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

/** The caller's own request log, newest first. */
@Path("/v1/logs")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.ACCOUNT_ADMIN)
public class RequestLogResource {

    @Inject
    RequestLogRepository logs;

    @Inject
    CurrentCaller caller;

    /** One request log entry as answered. */
    public record RequestLogView(
            @JsonProperty("id") String id,
            @JsonProperty("object") String object,
            @JsonProperty("created_at") Instant createdAt,
            @JsonProperty("ip") String ip,
            @JsonProperty("method") String method,
            @JsonProperty("route") String route,
            @JsonProperty("status") int status,
            @JsonProperty("latency_ms") long latencyMs,
            @JsonProperty("request_bytes") long requestBytes,
            @JsonProperty("api_key_id") String apiKeyId) {

        static RequestLogView of(RequestLogEntity entry) {
            return new RequestLogView(entry.id, "request_log", entry.createdAt, entry.ip, entry.method, entry.route,
                    entry.status, entry.latencyMs, entry.requestBytes, entry.apiKeyId);
        }
    }

    /** One page of the log; {@code starting_after} is the last id of the previous page. */
    @GET
    public ListView<RequestLogView> list(@Context UriInfo uri) {
        RequestLogQuery query = RequestLogQuery.parse(uri.getQueryParameters());
        return ListView.page(logs.listForAccount(caller.accountId(), query.filter(), query.startingAfter(), query.limit() + 1),
                query.limit(), RequestLogView::of);
    }
}
