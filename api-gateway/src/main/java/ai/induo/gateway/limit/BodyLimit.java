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
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The limits on request bodies, refused like every other error: {@code 413 payload_too_large} as a
 * problem document. Job submission ({@link LargeBody}) takes up to
 * {@code induo.gateway.uploads.max-body-bytes}: a declared {@code Content-Length} over it is refused
 * before anything is read; a body sent without one (chunked) is counted as it is read and refused as
 * it passes the limit. Every other endpoint takes at most {@link #MAX_SMALL_BODY_BYTES}, read whole
 * before anything parses it (a declared length over it is refused unread). Either way the rest of
 * a refused body is not read: an HTTP/1.x connection is closed once the answer is sent.
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
    /** The largest body of a request to any endpoint but job submission: 16 KiB, far above any such JSON body. */
    public static final int MAX_SMALL_BODY_BYTES = 16 * 1024;
    /** Before authentication, so an oversized body costs no database read. */
    static final int SMALL_BODY_PRIORITY = Priorities.AUTHENTICATION - 100;

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

    /**
     * Reads the body of a request to an endpoint that is not {@link LargeBody}, up to
     * {@link #MAX_SMALL_BODY_BYTES}, before anything parses it; past that, {@code 413}. Every such
     * endpoint is blocking, so the body is read on a worker thread.
     */
    @ServerRequestFilter(priority = SMALL_BODY_PRIORITY)
    public void readSmallBody(ContainerRequestContext request, ResourceInfo resource) throws IOException {
        Method method = resource.getResourceMethod();
        boolean hasBody = request.getLength() >= 0
                || request.getHeaderString(HttpHeaders.TRANSFER_ENCODING.toString()) != null;
        if (method == null || method.isAnnotationPresent(LargeBody.class) || !hasBody) {
            return;
        }
        if (request.getLength() > MAX_SMALL_BODY_BYTES) {
            throw smallBodyTooLarge();
        }
        byte[] body = request.getEntityStream().readNBytes(MAX_SMALL_BODY_BYTES + 1);
        if (body.length > MAX_SMALL_BODY_BYTES) {
            throw smallBodyTooLarge();
        }
        request.setEntityStream(new ByteArrayInputStream(body));
    }

    private ApiException smallBodyTooLarge() {
        closeAfterAnswer(vertxRequest.getCurrent());
        return ApiException.payloadTooLarge("The request body is larger than " + MAX_SMALL_BODY_BYTES
                + " bytes, the most this endpoint takes.");
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
