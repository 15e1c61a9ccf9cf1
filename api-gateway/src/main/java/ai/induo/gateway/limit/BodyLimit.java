package ai.induo.gateway.limit;

import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.Problem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The limit on request bodies ({@code induo.gateway.uploads.max-body-bytes}), refused like every
 * other error: {@code 413 payload_too_large} as a problem document. A declared
 * {@code Content-Length} over it is refused before anything is read; a body sent without one
 * (chunked) is counted as it is read and refused as it passes the limit. Either way the rest of the
 * body is not read: an HTTP/1.x connection is closed once the answer is sent.
 *
 * <p>The HTTP layer has a limit of its own ({@code quarkus.http.limits.max-body-size}) that answers
 * a bare 413 without a body. This check runs first, and that limit must lie at least
 * {@link #HTTP_LAYER_HEADROOM} above this one: the HTTP layer counts the piece of a streamed body it
 * has taken in before handing it to the reader that this check counts with.
 */
@ApplicationScoped
public class BodyLimit {

    /** Before Quarkus' own check of the body size (route order -2), after the request log's (priority 1000). */
    static final int FILTER_PRIORITY = 100;
    /** How far above this limit the HTTP layer's must lie; far more than the piece (8 KiB) it reads ahead. */
    static final long HTTP_LAYER_HEADROOM = 1024 * 1024;

    @Inject
    GatewayConfig config;

    @Inject
    CurrentVertxRequest vertxRequest;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> httpLayerLimit;

    void register(@Observes Filters filters) {
        long limit = config.uploads().maxBodyBytes();
        httpLayerLimit.map(MemorySize::asLongValue).ifPresent(httpLimit -> {
            if (httpLimit < limit + HTTP_LAYER_HEADROOM) {
                throw new IllegalStateException("quarkus.http.limits.max-body-size (" + httpLimit + " bytes) must be at least "
                        + HTTP_LAYER_HEADROOM + " bytes above induo.gateway.uploads.max-body-bytes (" + limit + " bytes)");
            }
        });
        filters.register(this::refuseDeclaredOverLimit, FILTER_PRIORITY);
    }

    /** Counts the body as the resource reads it; past the limit the read fails with {@code 413}. */
    @ServerRequestFilter(preMatching = true)
    public void countBody(ContainerRequestContext request) {
        RoutingContext context = vertxRequest.getCurrent();
        request.setEntityStream(new CappedInputStream(request.getEntityStream(), config.uploads().maxBodyBytes(), () -> {
            closeAfterAnswer(context);
            return tooLarge();
        }));
    }

    private void refuseDeclaredOverLimit(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null || !isOverLimit(declared)) {
            context.next();
            return;
        }
        Problem problem = tooLarge().problem();
        byte[] body;
        try {
            body = json.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem document is always JSON", e);
        }
        closeAfterAnswer(context);
        context.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Buffer.buffer(body));
    }

    private boolean isOverLimit(String declaredLength) {
        try {
            return Long.parseLong(declaredLength.strip()) > config.uploads().maxBodyBytes();
        } catch (NumberFormatException e) {
            // The HTTP codec refuses a malformed Content-Length before any handler runs.
            return false;
        }
    }

    private ApiException tooLarge() {
        return ApiException.payloadTooLarge("The request body is larger than " + config.uploads().maxBodyBytes() + " bytes.");
    }

    /**
     * The body's unread rest is not read: on HTTP/1.x, where it would hold up the connection, the
     * client is told and the connection ends with the answer. An HTTP/2 stream ends with its answer
     * and leaves the connection's other streams be.
     */
    private static void closeAfterAnswer(RoutingContext context) {
        if (context.request().version() == HttpVersion.HTTP_2) {
            return;
        }
        context.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        context.addEndHandler(ended -> context.request().connection().close());
    }
}
