package ai.induo.bench.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SoakTest {

    @Test
    void comparesTheFirstAndLastMinuteOfATenMinuteSoakAndFifthsOfAShortOne() {
        assertThat(Soak.windowNanos(Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(1).toNanos());
        assertThat(Soak.windowNanos(Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(12).toNanos());
    }

    @Test
    void growthIsTheLastWindowOverTheFirstInPercent() {
        assertThat(Soak.growthPercent(100, 110)).isEqualTo(10.0);
        assertThat(Soak.growthPercent(80, 60)).isEqualTo(-25.0);
    }
}
