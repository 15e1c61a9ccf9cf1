package ai.induo.common.crypto;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * How the in-memory caches of unwrapped keys and secrets are built (Caffeine): an entry expires
 * {@code ttl} after it was loaded, by the time of the given clock, and callers that miss one entry at
 * once wait for a single load of it ({@code Cache.get(key, loader)}), so one key or secret costs one
 * unwrap, however many requests need it together. A zero {@code ttl} keeps nothing.
 */
final class UnwrappedCache {

    private UnwrappedCache() {
    }

    static Caffeine<Object, Object> expiringAfter(Duration ttl, Clock clock) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("a cache lifetime must not be negative: " + ttl);
        }
        return Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .ticker(() -> nanos(clock.instant()))
                .executor(Runnable::run);
    }

    private static long nanos(Instant instant) {
        return TimeUnit.SECONDS.toNanos(instant.getEpochSecond()) + instant.getNano();
    }
}
