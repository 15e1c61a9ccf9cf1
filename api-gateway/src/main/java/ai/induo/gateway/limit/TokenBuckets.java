package ai.induo.gateway.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Token buckets of one kind by name, in a Caffeine cache bounded in size. A bucket is dropped once it
 * would be full again, since a new bucket starts full: it holds nothing a new one would not. Only
 * when more buckets than the bound are filling at once are the least used dropped early, each
 * giving its holder a full bucket again. A bucket reads its limits when it is made and again at most
 * every {@link #LIMITS_REFRESH}.
 */
final class TokenBuckets {

    /** How long a bucket keeps the limits it read before reading them again. */
    static final Duration LIMITS_REFRESH = Duration.ofMinutes(1);

    private final RateDecision.Bucket kind;
    private final Clock clock;
    private final Cache<String, TokenBucket> buckets;

    TokenBuckets(RateDecision.Bucket kind, long maxBuckets, Clock clock) {
        this.kind = kind;
        this.clock = clock;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxBuckets)
                .expireAfter(Expiry.<String, TokenBucket>writing((id, bucket) -> bucket.untilFull(clock.instant())))
                .build();
    }

    /**
     * Takes one token from bucket {@code id}, if it has one; {@code limits} gives the limits of a
     * bucket being made and of one whose limits are due to be read again.
     */
    RateDecision take(String id, Supplier<TokenBucket.Limits> limits) {
        Instant now = clock.instant();
        TokenBucket existing = buckets.getIfPresent(id);
        boolean due = existing == null || existing.limitsReadBefore(now.minus(LIMITS_REFRESH));
        TokenBucket.Limits current = due ? limits.get() : existing.limits();
        AtomicReference<RateDecision> decision = new AtomicReference<>();
        buckets.asMap().compute(id, (key, bucket) -> {
            TokenBucket taken = bucket == null ? new TokenBucket(kind, current, now) : bucket;
            if (taken.limitsReadBefore(now.minus(LIMITS_REFRESH))) {
                taken.setLimits(current, now);
            }
            decision.set(taken.take(now));
            return taken;
        });
        return decision.get();
    }

    /** Gives bucket {@code id} back the token it gave to a request that another bucket refused. */
    void giveBack(String id) {
        buckets.asMap().computeIfPresent(id, (key, bucket) -> {
            bucket.giveBack();
            return bucket;
        });
    }
}
