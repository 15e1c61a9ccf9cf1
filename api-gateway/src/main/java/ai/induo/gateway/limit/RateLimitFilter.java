package ai.induo.gateway.limit;

import ai.induo.gateway.auth.CurrentCaller;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import ai.induo.gateway.requestlog.ClientAddress;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.time.Duration;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Applies {@link RateLimiter} to every authenticated request, and per client address
 * ({@link ClientAddress}) to the {@link ClientRateLimited} ones that need no authentication, after
 * authentication and before the idempotency filter, so a throttled request reserves no
 * {@code Idempotency-Key}. Over the limit it answers {@code 429 rate_limited} with
 * {@code Retry-After}; every answer of a limited request carries {@code RateLimit-Limit},
 * {@code RateLimit-Remaining} and {@code RateLimit-Reset} (seconds until the bucket is full again).
 */
public class RateLimitFilter {

    /** Between {@link Priorities#AUTHENTICATION} (the caller is known) and {@link Priorities#USER} (idempotency). */
    public static final int PRIORITY = Priorities.AUTHORIZATION;
    public static final String LIMIT_HEADER = "RateLimit-Limit";
    public static final String REMAINING_HEADER = "RateLimit-Remaining";
    public static final String RESET_HEADER = "RateLimit-Reset";
    private static final String DECISION = RateLimitFilter.class.getName() + ".decision";
    /** The client address counted for a connection that has none (a Unix socket). */
    private static final String UNKNOWN_CLIENT = "unknown";

    @Inject
    CurrentCaller caller;

    @Inject
    RateLimiter limiter;

    @Inject
    ClientAddress clientAddress;

    @ServerRequestFilter(priority = PRIORITY)
    public void limit(ContainerRequestContext request, ResourceInfo resource, HttpServerRequest httpRequest) {
        RateDecision decision;
        if (caller.isAuthenticated()) {
            decision = limiter.take(caller.get());
        } else if (resource.getResourceMethod() != null
                && resource.getResourceMethod().isAnnotationPresent(ClientRateLimited.class)) {
            String client = clientAddress.of(httpRequest);
            decision = limiter.takeForClient(client == null ? UNKNOWN_CLIENT : client);
        } else {
            return;
        }
        request.setProperty(DECISION, decision);
        if (!decision.allowed()) {
            throw ApiException.tooManyRequests(ErrorCodes.RATE_LIMITED, decision.bucket().subject() + " made more than the "
                    + decision.limit() + " requests in a burst it may make; retry after the Retry-After seconds.",
                    decision.retryAfter());
        }
    }

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(DECISION) instanceof RateDecision decision)) {
            return;
        }
        response.getHeaders().putSingle(LIMIT_HEADER, Integer.toString(decision.limit()));
        response.getHeaders().putSingle(REMAINING_HEADER, Integer.toString(decision.remaining()));
        response.getHeaders().putSingle(RESET_HEADER, Long.toString(wholeSeconds(decision.reset())));
    }

    /** Whole seconds, rounded up. */
    private static long wholeSeconds(Duration duration) {
        return duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0);
    }
}
