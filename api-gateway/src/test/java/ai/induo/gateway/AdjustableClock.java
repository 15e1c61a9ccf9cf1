package ai.induo.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock, moved forward by hand, so tests see hours pass at once. An alternative: only the
 * test profiles that enable it replace the application's clock with it.
 */
@Alternative
@Singleton
public class AdjustableClock extends Clock {

    private final AtomicReference<Duration> offset;
    private final ZoneId zone;

    public AdjustableClock() {
        this(new AtomicReference<>(Duration.ZERO), ZoneOffset.UTC);
    }

    private AdjustableClock(AtomicReference<Duration> offset, ZoneId zone) {
        this.offset = offset;
        this.zone = zone;
    }

    /** Moves this clock (and every clock made from it by {@link #withZone}) forward. */
    public void advance(Duration duration) {
        offset.accumulateAndGet(duration, Duration::plus);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new AdjustableClock(offset, newZone);
    }

    /** A test profile whose application clock is an {@link AdjustableClock}; subclasses add their configuration. */
    public abstract static class Profile implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(AdjustableClock.class);
        }
    }
}
