package ai.induo.gateway.limit;

import ai.induo.gateway.account.Caller;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.config.GatewayConfig.Plan;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * Request rates, each counted in a token bucket ({@link TokenBuckets}): per API key (per account for
 * dashboard sessions), at the limits of the account's plan, and per client address on the routes that
 * need no authentication ({@code induo.gateway.unauthenticated-rate.*}). Buckets live in this
 * gateway's memory, so with several gateway instances behind a load balancer the effective limit is
 * the configured one per instance.
 */
@ApplicationScoped
public class RateLimiter {

    /** Most buckets of API keys and sessions kept at once. */
    static final long MAX_CALLER_BUCKETS = 100_000;

    @Inject
    Plans plans;

    @Inject
    GatewayConfig config;

    @Inject
    Clock clock;

    private TokenBuckets callers;
    private TokenBuckets clients;

    @PostConstruct
    void init() {
        callers = new TokenBuckets(RateDecision.Bucket.CALLER, MAX_CALLER_BUCKETS, clock);
        clients = new TokenBuckets(RateDecision.Bucket.CLIENT, config.unauthenticatedRate().maxClients(), clock);
    }

    /** Takes one token from the caller's bucket, if it has one. */
    public RateDecision take(Caller caller) {
        String id = caller.apiKeyId() != null ? "key:" + caller.apiKeyId() : "session:" + caller.accountId();
        return callers.take(id, () -> {
            Plan plan = plans.forAccount(caller.accountId());
            return new TokenBucket.Limits(plan.requestsPerSecond(), plan.burst());
        });
    }

    /** Takes one token from the bucket of the client address of an unauthenticated request, if it has one. */
    public RateDecision takeForClient(String clientAddress) {
        GatewayConfig.UnauthenticatedRate limits = config.unauthenticatedRate();
        return clients.take(clientAddress, () -> new TokenBucket.Limits(limits.requestsPerSecond(), limits.burst()));
    }
}
