package ai.induo.gateway.limit;

import ai.induo.gateway.auth.CurrentCaller;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.time.Duration;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Applies {@link RateLimiter} to every authenticated request, after authentication and before the
 * idempotency filter, so a throttled request reserves no {@code Idempotency-Key}. Over the limit it
 * answers {@code 429 rate_limited} with {@code Retry-After}; every authenticated answer carries
 * {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} (seconds until the
 * bucket is full again).
 */
public class RateLimitFilter {

    /** Between {@link Priorities#AUTHENTICATION} (the caller is known) and {@link Priorities#USER} (idempotency). */
    public static final int PRIORITY = Priorities.AUTHORIZATION;
    public static final String LIMIT_HEADER = "RateLimit-Limit";
    public static final String REMAINING_HEADER = "RateLimit-Remaining";
    public static final String RESET_HEADER = "RateLimit-Reset";
    private static final String DECISION = RateLimitFilter.class.getName() + ".decision";

    @Inject
    CurrentCaller caller;

    @Inject
    RateLimiter limiter;

    @ServerRequestFilter(priority = PRIORITY)
    public void limit(ContainerRequestContext request) {
        if (!caller.isAuthenticated()) {
            return;
        }
        RateLimiter.Decision decision = limiter.take(caller.get());
        request.setProperty(DECISION, decision);
        if (!decision.allowed()) {
            throw ApiException.tooManyRequests(ErrorCodes.RATE_LIMITED, "This API key made more than its plan's "
                    + decision.limit() + " requests in a burst; retry after the Retry-After seconds.", decision.retryAfter());
        }
    }

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(DECISION) instanceof RateLimiter.Decision decision)) {
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
