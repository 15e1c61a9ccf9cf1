package ai.induo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesAreNearestRankOverEveryRecordedValue() {
        Latencies latencies = new Latencies();
        for (int ms = 100; ms >= 1; ms--) {
            latencies.record(ms * 1_000_000L);
        }
        assertThat(latencies.count()).isEqualTo(100);
        assertThat(latencies.percentileMillis(50)).isEqualTo(50.0);
        assertThat(latencies.percentileMillis(99)).isEqualTo(99.0);
        assertThat(latencies.percentileMillis(100)).isEqualTo(100.0);
        assertThat(latencies.percentileMillis(0.5)).isEqualTo(1.0);
    }

    @Test
    void noValuesGiveNotANumberAndABadPercentileIsRefused() {
        Latencies latencies = new Latencies();
        assertThat(latencies.percentileMillis(50)).isNaN();
        assertThatThrownBy(() -> latencies.percentileMillis(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> latencies.percentileMillis(101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void figuresGoUnderThePrefix() {
        Latencies latencies = new Latencies();
        latencies.record(2_000_000L);
        Results results = new Results();
        latencies.putInto(results, "queue.kafka");
        assertThat(results.number("queue.kafka.p50_ms")).contains(2.0);
        assertThat(results.number("queue.kafka.count")).contains(1.0);
    }
}
