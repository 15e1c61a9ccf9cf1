package ai.induo.bench.floor;

import static org.assertj.core.api.Assertions.assertThat;

import ai.induo.bench.Results;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FloorSectionTest {

    @Test
    void measuresAtLeastTheRepetitionsAskedForAndPutsTheCpuAndWallTimePerJob() throws Exception {
        Results results = new Results();
        FloorPart part = new FloorPart() {
            @Override
            public String name() {
                return "busy";
            }

            @Override
            public boolean onCallingThread() {
                return true;
            }

            @Override
            public void runOneJob() {
                long end = System.nanoTime() + 200_000;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            }
        };

        double cpuPerJob = FloorSection.measure(part, Duration.ZERO, 50, Duration.ZERO, results);

        assertThat(results.number("floor.busy.repetitions")).hasValue(50.0);
        assertThat(results.number("floor.busy.cpu_ms_per_job")).hasValue(cpuPerJob);
        assertThat(cpuPerJob).isPositive();
        assertThat(results.number("floor.busy.wall_ms_per_job")).isPresent();
        assertThat(results.all()).containsEntry("floor.busy.cpu_counted", "calling thread")
                .doesNotContainKey("floor.busy.server_cpu_ms_per_job");
    }
}
