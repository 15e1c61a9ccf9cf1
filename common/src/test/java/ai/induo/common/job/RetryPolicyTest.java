package ai.induo.common.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration INITIAL = Duration.ofSeconds(5);
    private static final Duration MAX = Duration.ofMinutes(5);

    @Test
    void withoutJitterTheDelayDoublesFromTheInitialDelayUntilTheCap() {
        RetryPolicy policy = new RetryPolicy(INITIAL, MAX, 0.5, CLOCK, () -> 0.0);

        assertThat(IntStream.rangeClosed(1, 9).mapToObj(policy::delayAfter)).containsExactly(
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40),
                Duration.ofSeconds(80), Duration.ofSeconds(160), MAX, MAX, MAX);
    }

    @Test
    void jitterTakesOffAtMostItsShareOfTheDelay() {
        RetryPolicy most = new RetryPolicy(INITIAL, MAX, 0.5, CLOCK, () -> 0.999_999);
        RetryPolicy half = new RetryPolicy(INITIAL, MAX, 0.5, CLOCK, () -> 0.5);

        assertThat(most.delayAfter(2)).isBetween(Duration.ofSeconds(5), Duration.ofMillis(5_001));
        assertThat(half.delayAfter(2)).isEqualTo(Duration.ofMillis(7_500));
        assertThat(half.delayAfter(50)).isEqualTo(MAX.multipliedBy(3).dividedBy(4));
    }

    @Test
    void randomDelaysStayWithinTheJitterBand() {
        RetryPolicy policy = RetryPolicy.of(INITIAL, MAX, 0.5, CLOCK);

        for (int i = 0; i < 1_000; i++) {
            assertThat(policy.delayAfter(3)).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(20));
        }
    }

    @Test
    void theNextAttemptIsCountedFromTheInjectedClock() {
        RetryPolicy policy = new RetryPolicy(INITIAL, MAX, 0.5, CLOCK, () -> 0.0);

        assertThat(policy.nextAttemptAt(1)).isEqualTo(NOW.plusSeconds(5));
        assertThat(policy.nextAttemptAt(1_000_000)).isEqualTo(NOW.plus(MAX));
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatThrownBy(() -> RetryPolicy.of(Duration.ZERO, MAX, 0.5, CLOCK)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.of(MAX, INITIAL, 0.5, CLOCK)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.of(INITIAL, MAX, 1.5, CLOCK)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.of(INITIAL, MAX, 0.5, CLOCK).delayAfter(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
