package ai.induo.gateway.limit;

import ai.induo.gateway.account.Caller;
import ai.induo.gateway.config.GatewayConfig.Plan;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request rate per API key (per account for dashboard sessions): a token bucket holding up to the
 * plan's {@code burst} tokens, refilled at its {@code requests-per-second}; each request takes one.
 * Buckets live in this gateway's memory, so with several gateway instances behind a load balancer
 * the effective limit is the configured one per instance. A bucket left idle until it is full again
 * is dropped, since a new bucket starts full: memory stays bounded by the keys active recently.
 * The plan is read when a bucket is made and again at most every {@link #PLAN_REFRESH}.
 */
@ApplicationScoped
public class RateLimiter {

    /** How long a bucket keeps the limits it read before reading its account's plan again. */
    static final Duration PLAN_REFRESH = Duration.ofMinutes(1);
    private static final double NANOS_PER_SECOND = 1e9;

    @Inject
    Plans plans;

    @Inject
    Clock clock;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * Takes a token for the caller's request.
     *
     * @param allowed whether a token was left for the request
     * @param limit the bucket's size: requests that may be made at once
     * @param remaining the whole tokens left after this request
     * @param reset how long until the bucket is full again
     * @param retryAfter how long until the next token, when none was left; zero otherwise
     */
    public record Decision(boolean allowed, int limit, int remaining, Duration reset, Duration retryAfter) {
    }

    /** Takes one token from the caller's bucket, if it has one. */
    public Decision take(Caller caller) {
        Instant now = clock.instant();
        String id = caller.apiKeyId() != null ? "key:" + caller.apiKeyId() : "account:" + caller.accountId();
        Bucket bucket = buckets.get(id);
        if (bucket == null) {
            Plan plan = plans.forAccount(caller.accountId());
            bucket = buckets.computeIfAbsent(id, absent -> new Bucket(plan, now));
        } else if (bucket.limitsReadBefore(now.minus(PLAN_REFRESH))) {
            bucket.setLimits(plans.forAccount(caller.accountId()), now);
        }
        return bucket.take(now);
    }

    /** Drops buckets that have refilled completely: they hold nothing a new bucket would not. */
    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void evictFull() {
        Instant now = clock.instant();
        buckets.values().removeIf(bucket -> bucket.isFull(now));
    }

    /** One token bucket; its state changes under its own lock. */
    private static final class Bucket {

        private double perSecond;
        private int burst;
        private Instant limitsReadAt;
        private double tokens;
        private Instant updatedAt;

        Bucket(Plan plan, Instant now) {
            this.perSecond = plan.requestsPerSecond();
            this.burst = plan.burst();
            this.limitsReadAt = now;
            this.tokens = burst;
            this.updatedAt = now;
        }

        synchronized boolean limitsReadBefore(Instant instant) {
            return limitsReadAt.isBefore(instant);
        }

        synchronized void setLimits(Plan plan, Instant now) {
            refill(now);
            perSecond = plan.requestsPerSecond();
            burst = plan.burst();
            tokens = Math.min(tokens, burst);
            limitsReadAt = now;
        }

        synchronized Decision take(Instant now) {
            refill(now);
            boolean allowed = tokens >= 1;
            if (allowed) {
                tokens -= 1;
            }
            Duration retryAfter = allowed ? Duration.ZERO : secondsOf((1 - tokens) / perSecond);
            return new Decision(allowed, burst, (int) Math.floor(tokens), secondsOf((burst - tokens) / perSecond), retryAfter);
        }

        synchronized boolean isFull(Instant now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(Instant now) {
            if (now.isAfter(updatedAt)) {
                double elapsed = Duration.between(updatedAt, now).toNanos() / NANOS_PER_SECOND;
                tokens = Math.min(burst, tokens + elapsed * perSecond);
                updatedAt = now;
            }
        }

        private static Duration secondsOf(double seconds) {
            return Duration.ofNanos((long) Math.ceil(seconds * NANOS_PER_SECOND));
        }
    }
}
