package ai.induo.gateway.requestlog;

import ai.induo.common.id.Ids;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Records every request under {@code /v1} in the request log once its response has been sent:
 * time, client address ({@link ClientAddress}), method, route template, status, latency, request
 * bytes (its {@code Content-Length}, else the body bytes read) and the caller, which
 * {@link RequestLogFilter} notes on the request. Entries go to {@link RequestLogWriter}'s buffer, so
 * the request does not wait for the database.
 */
@ApplicationScoped
public class RequestLogRecorder {

    static final String API_PREFIX = "/v1";
    /** Before the other HTTP filters, so the latency covers them. */
    static final int FILTER_PRIORITY = 1000;
    static final String ACCOUNT_ID = RequestLogRecorder.class.getName() + ".accountId";
    static final String API_KEY_ID = RequestLogRecorder.class.getName() + ".apiKeyId";
    static final String ROUTE = RequestLogRecorder.class.getName() + ".route";

    @Inject
    RequestLogWriter writer;

    @Inject
    ClientAddress clientAddress;

    @Inject
    Clock clock;

    void register(@Observes Filters filters) {
        filters.register(this::record, FILTER_PRIORITY);
    }

    private void record(RoutingContext context) {
        String path = context.normalizedPath();
        if (path.equals(API_PREFIX) || path.startsWith(API_PREFIX + "/")) {
            Instant receivedAt = clock.instant();
            long start = System.nanoTime();
            context.addEndHandler(ended -> writer.submit(entry(context, receivedAt, Duration.ofNanos(System.nanoTime() - start))));
        }
        context.next();
    }

    private RequestLogEntity entry(RoutingContext context, Instant receivedAt, Duration latency) {
        HttpServerRequest request = context.request();
        RequestLogEntity entry = new RequestLogEntity();
        entry.id = Ids.newId(RequestLogEntity.ID_PREFIX, receivedAt);
        entry.createdAt = receivedAt;
        entry.accountId = context.get(ACCOUNT_ID);
        entry.apiKeyId = context.get(API_KEY_ID);
        entry.ip = clientAddress.of(request);
        entry.method = request.method().name();
        entry.route = context.get(ROUTE);
        entry.status = context.response().getStatusCode();
        entry.latencyMs = latency.toMillis();
        entry.requestBytes = requestBytes(request);
        return entry;
    }

    private static long requestBytes(HttpServerRequest request) {
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            try {
                return Long.parseLong(declared.strip());
            } catch (NumberFormatException e) {
                return request.bytesRead();
            }
        }
        return request.bytesRead();
    }
}
