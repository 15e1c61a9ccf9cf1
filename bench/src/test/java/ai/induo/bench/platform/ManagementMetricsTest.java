package ai.induo.bench.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ManagementMetricsTest {

    private static final String PAGE = """
            # HELP jvm_memory_used_bytes The amount of used memory
            # TYPE jvm_memory_used_bytes gauge
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.048576E7
            jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2097152.0
            jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.9E7
            jvm_memory_used_bytes_extra{area="heap"} 5.0
            mongodb_driver_commands_seconds_count{command="insert",status="SUCCESS"} 12.0
            mongodb_driver_commands_seconds_count{command="update",status="SUCCESS"} 30.0
            process_uptime_seconds 42.5
            """;

    @Test
    void sumsTheSamplesOfAMetricThatCarryTheLabel() {
        assertThat(ManagementMetrics.sum(PAGE, "jvm_memory_used_bytes", "area=\"heap\"")).hasValue(12_582_912.0);
    }

    @Test
    void anEmptyLabelSumsEverySampleOfTheMetricAndOnlyThatMetric() {
        assertThat(ManagementMetrics.sum(PAGE, "mongodb_driver_commands_seconds_count", "")).hasValue(42.0);
        assertThat(ManagementMetrics.sum(PAGE, "process_uptime_seconds", "")).hasValue(42.5);
    }

    @Test
    void aMetricThatIsNotOnThePageIsEmpty() {
        assertThat(ManagementMetrics.sum(PAGE, "induo_worker_inference_seconds_count", "")).isEmpty();
        assertThat(ManagementMetrics.sum(PAGE, "jvm_memory_used_bytes", "area=\"code\"")).isEmpty();
    }
}
