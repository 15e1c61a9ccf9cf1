package ai.induo.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The KEDA and HPA decisions the autoscaling suite applies, one step at a time. */
class ScalingRuleTest {

    private static final Instant START = Instant.parse("2026-12-04T10:00:00Z");
    private static final Duration COOLDOWN = Duration.ofSeconds(30);
    private static final Duration SCALE_DOWN_PERIOD = Duration.ofSeconds(60);

    private final ScalingRule rule = new ScalingRule(10, 0, 5, COOLDOWN, SCALE_DOWN_PERIOD);

    @Test
    void atZeroNothingStartsUntilMoreThanTheActivationThresholdWaits() {
        ScalingRule activatingAboveTwo = new ScalingRule(10, 2, 5, COOLDOWN, SCALE_DOWN_PERIOD);

        assertThat(activatingAboveTwo.desired(0, 0, START)).isZero();
        assertThat(activatingAboveTwo.desired(0, 2, START)).isZero();
        assertThat(activatingAboveTwo.desired(0, 3, START)).isEqualTo(1);
    }

    @Test
    void fromZeroABacklogStartsAsManyWorkersAsTheTargetAsksAtOnceUpToTheMaximum() {
        assertThat(rule.desired(0, 25, START)).isEqualTo(3);
        assertThat(rule.desired(0, 500, START)).isEqualTo(5);
    }

    @Test
    void whileActiveTheHpaScalesUpAtOnceAndDownByOneWorkerPerPeriod() {
        assertThat(rule.desired(1, 41, START)).isEqualTo(5);
        assertThat(rule.desired(5, 5, START.plusSeconds(1))).isEqualTo(4);
        assertThat(rule.desired(4, 5, START.plusSeconds(30))).as("within the period").isEqualTo(4);
        assertThat(rule.desired(4, 5, START.plusSeconds(61))).isEqualTo(3);
    }

    @Test
    void withNothingWaitingOneWorkerStaysUntilTheCooldownThenAllGo() {
        assertThat(rule.desired(0, 15, START)).isEqualTo(2);
        assertThat(rule.desired(2, 0, START.plusSeconds(1))).as("down by one, not to zero").isEqualTo(1);
        assertThat(rule.desired(1, 0, START.plusSeconds(29))).isEqualTo(1);
        assertThat(rule.desired(1, 0, START.plusSeconds(30))).isZero();
    }
}
