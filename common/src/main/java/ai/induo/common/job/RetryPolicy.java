package ai.induo.common.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When to try again after a transient failure: capped exponential backoff with jitter. After
 * {@code n} failed attempts the delay is {@code initialDelay × 2^(n−1)}, at most {@code maxDelay},
 * less a random share of it of up to {@code jitter} so that jobs that failed together (a storage or
 * database outage) do not all come back at the same moment.
 */
public final class RetryPolicy {

    private final Duration initialDelay;
    private final Duration maxDelay;
    private final double jitter;
    private final Clock clock;
    private final DoubleSupplier random;

    /**
     * @param jitter the largest share of a delay taken off at random, from 0 (none) to 1
     * @param random uniform values in {@code [0, 1)}
     */
    public RetryPolicy(Duration initialDelay, Duration maxDelay, double jitter, Clock clock, DoubleSupplier random) {
        this.initialDelay = Objects.requireNonNull(initialDelay, "initialDelay");
        this.maxDelay = Objects.requireNonNull(maxDelay, "maxDelay");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("need 0 < initialDelay <= maxDelay, got " + initialDelay + " and " + maxDelay);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be from 0 to 1, got " + jitter);
        }
        this.jitter = jitter;
    }

    /** A policy drawing its jitter from {@link ThreadLocalRandom}. */
    public static RetryPolicy of(Duration initialDelay, Duration maxDelay, double jitter, Clock clock) {
        return new RetryPolicy(initialDelay, maxDelay, jitter, clock, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The delay before the next attempt after {@code failedAttempts} (at least 1) attempts failed. */
    public Duration delayAfter(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be at least 1, got " + failedAttempts);
        }
        Duration capped = maxDelay;
        int doublings = failedAttempts - 1;
        if (doublings < Long.numberOfLeadingZeros(initialDelay.toNanos()) - 1) {
            Duration exponential = initialDelay.multipliedBy(1L << doublings);
            if (exponential.compareTo(maxDelay) < 0) {
                capped = exponential;
            }
        }
        long off = (long) (capped.toNanos() * jitter * random.getAsDouble());
        return capped.minusNanos(off);
    }

    /** When the next attempt may start, after {@code failedAttempts} attempts failed, by the policy's clock. */
    public Instant nextAttemptAt(int failedAttempts) {
        return clock.instant().plus(delayAfter(failedAttempts));
    }
}
