package ai.induo.gateway.limit;

import java.time.Duration;
import java.time.Instant;

/**
 * One token bucket: it holds up to {@code burst} tokens and gets {@code perSecond} back each second;
 * each request takes one. Its state changes under its own lock.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;

    /** The size of a bucket and how fast it refills. */
    record Limits(double perSecond, int burst) {
    }

    private final RateDecision.Bucket kind;
    private Limits limits;
    private Instant limitsReadAt;
    private double tokens;
    private Instant updatedAt;

    /** A full bucket. */
    TokenBucket(RateDecision.Bucket kind, Limits limits, Instant now) {
        this.kind = kind;
        this.limits = limits;
        this.limitsReadAt = now;
        this.tokens = limits.burst();
        this.updatedAt = now;
    }

    synchronized Limits limits() {
        return limits;
    }

    synchronized boolean limitsReadBefore(Instant instant) {
        return limitsReadAt.isBefore(instant);
    }

    /** Takes up new limits; the tokens it holds stay, up to the new size. */
    synchronized void setLimits(Limits newLimits, Instant now) {
        refill(now);
        limits = newLimits;
        tokens = Math.min(tokens, limits.burst());
        limitsReadAt = now;
    }

    synchronized RateDecision take(Instant now) {
        refill(now);
        boolean allowed = tokens >= 1;
        if (allowed) {
            tokens -= 1;
        }
        Duration retryAfter = allowed ? Duration.ZERO : secondsOf((1 - tokens) / limits.perSecond());
        return new RateDecision(kind, allowed, limits.burst(), (int) Math.floor(tokens), untilFull(now), retryAfter);
    }

    /** Puts back the token of a request that another bucket refused. */
    synchronized void giveBack() {
        tokens = Math.min(limits.burst(), tokens + 1);
    }

    /** How long until the bucket is full again; zero when it is. */
    synchronized Duration untilFull(Instant now) {
        refill(now);
        return secondsOf((limits.burst() - tokens) / limits.perSecond());
    }

    private void refill(Instant now) {
        if (now.isAfter(updatedAt)) {
            double elapsed = Duration.between(updatedAt, now).toNanos() / NANOS_PER_SECOND;
            tokens = Math.min(limits.burst(), tokens + elapsed * limits.perSecond());
            updatedAt = now;
        }
    }

    private static Duration secondsOf(double seconds) {
        return Duration.ofNanos((long) Math.ceil(seconds * NANOS_PER_SECOND));
    }
}
