package ai.induo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CapacitySectionTest {

    private final BenchContext context = new BenchContext(Path.of("."), Path.of("target/work"), true);

    @Test
    void coresPodsOperationsAndPartitionsFollowFromTheRunsFigures() {
        Results results = new Results();
        results.put("platform.cpu_ms_per_job.gateway", 3.0);
        results.put("platform.cpu_ms_per_job.worker", 6.0);
        results.put("platform.cpu_ms_per_job.broker", 1.2);
        results.put("platform.cpu_ms_per_job.database", 2.4);
        results.put("platform.db_commands_per_job", 8.0);
        results.put("queue.kafka.jobs_per_s_per_partition", 2_000.0);
        results.put("model.worker.images_per_s", 40.0);

        new CapacitySection().run(context, results);

        assertThat(results.number("capacity.gateway_cores")).contains(50.0);
        assertThat(results.number("capacity.gateway_pods")).contains(13.0);
        assertThat(results.number("capacity.broker_pods")).contains(5.0);
        assertThat(results.number("capacity.worker_cores")).contains(100.0);
        assertThat(results.number("capacity.mongodb_ops_per_s")).contains(80_000.0);
        assertThat(results.number("capacity.kafka_partitions")).contains(9.0);
        assertThat(results.number("capacity.model_replicas_at_measured_rate")).contains(250.0);
        assertThat(results.all().get("capacity.first_bottleneck")).isEqualTo("worker (the most CPU per job)");
    }

    @Test
    void aMissingFigureLeavesItsLineOutWithTheReason() {
        Results results = new Results();

        new CapacitySection().run(context, results);

        assertThat(results.all()).containsKeys("capacity.gateway_pods_missing", "capacity.mongodb_ops_per_s_missing",
                "capacity.kafka_partitions_missing", "capacity.model_replicas_missing");
        assertThat(results.all()).doesNotContainKey("capacity.first_bottleneck");
    }
}
