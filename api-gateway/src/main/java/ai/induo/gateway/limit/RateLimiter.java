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
 * dashboard sessions) and per account, at the limits of the account's plan, and per client address on
 * the routes that need no authentication ({@code induo.gateway.unauthenticated-rate.*}). An
 * authenticated request takes a token from its key's bucket and one from its account's, so an
 * account's many keys together get no more than the account's limit. Buckets live in this gateway's
 * memory, so with several gateway instances behind a load balancer the effective limit is the
 * configured one per instance.
 */
@ApplicationScoped
public class RateLimiter {

    /** Most buckets of API keys and sessions, and of accounts, kept at once. */
    static final long MAX_CALLER_BUCKETS = 100_000;

    @Inject
    Plans plans;

    @Inject
    GatewayConfig config;

    @Inject
    Clock clock;

    private TokenBuckets callers;
    private TokenBuckets accounts;
    private TokenBuckets clients;

    @PostConstruct
    void init() {
        callers = new TokenBuckets(RateDecision.Bucket.CALLER, MAX_CALLER_BUCKETS, clock);
        accounts = new TokenBuckets(RateDecision.Bucket.ACCOUNT, MAX_CALLER_BUCKETS, clock);
        clients = new TokenBuckets(RateDecision.Bucket.CLIENT, config.unauthenticatedRate().maxClients(), clock);
    }

    /**
     * Takes one token from the caller's bucket and one from its account's, if both have one. A request
     * its account's bucket refuses gives its key's token back. The decision told is the refusal, else
     * that of the bucket with fewer tokens left (the key's on a tie).
     */
    public RateDecision take(Caller caller) {
        String accountId = caller.accountId();
        String id = caller.apiKeyId() != null ? "key:" + caller.apiKeyId() : "session:" + accountId;
        RateDecision own = callers.take(id, () -> keyLimits(plans.forAccount(accountId)));
        if (!own.allowed()) {
            return own;
        }
        RateDecision shared = accounts.take(accountId, () -> accountLimits(plans.forAccount(accountId)));
        if (!shared.allowed()) {
            callers.giveBack(id);
            return shared;
        }
        return shared.remaining() < own.remaining() ? shared : own;
    }

    /** Takes one token from the bucket of the client address of an unauthenticated request, if it has one. */
    public RateDecision takeForClient(String clientAddress) {
        GatewayConfig.UnauthenticatedRate limits = config.unauthenticatedRate();
        return clients.take(clientAddress, () -> new TokenBucket.Limits(limits.requestsPerSecond(), limits.burst()));
    }

    private static TokenBucket.Limits keyLimits(Plan plan) {
        return new TokenBucket.Limits(plan.requestsPerSecond(), plan.burst());
    }

    private static TokenBucket.Limits accountLimits(Plan plan) {
        return new TokenBucket.Limits(plan.accountRequestsPerSecond(), plan.accountBurst());
    }
}
