package ai.induo.bench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchDeviceTest {

    @Test
    void theCpuIsTheDefaultAndThePropertyWinsOverTheEnvironment() {
        assertThat(BenchDevice.from(null, Map.of())).isEqualTo(BenchDevice.CPU);
        assertThat(BenchDevice.from(null, Map.of(BenchDevice.ENV, "CUDA"))).isEqualTo(BenchDevice.CUDA);
        assertThat(BenchDevice.from("cpu", Map.of(BenchDevice.ENV, "cuda"))).isEqualTo(BenchDevice.CPU);
    }

    @Test
    void theGpuAlsoMeasuresBatchesOfSixteenAndThirtyTwo() {
        assertThat(BenchDevice.CPU.batchSizes()).containsExactly(1, 2, 4, 8);
        assertThat(BenchDevice.CUDA.batchSizes()).containsExactly(1, 2, 4, 8, 16, 32);
        assertThat(BenchDevice.CUDA.configName()).isEqualTo("cuda");
    }

    @Test
    void anUnknownDeviceIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> BenchDevice.from("tpu", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cpu or cuda");
    }
}
