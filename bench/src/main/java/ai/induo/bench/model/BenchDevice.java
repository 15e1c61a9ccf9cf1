package ai.induo.bench.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the model section runs the model: {@code cpu} (the default) or {@code cuda}, from the system
 * property {@value #PROPERTY} or else the environment variable {@value #ENV} ({@code bench/gpu.sh}
 * sets it). CUDA needs the {@code -Pgpu} build, which puts {@code onnxruntime_gpu} on the classpath.
 */
public enum BenchDevice {
    CPU(List.of(1, 2, 4, 8)),
    CUDA(List.of(1, 2, 4, 8, 16, 32));

    /** System property naming the device. */
    public static final String PROPERTY = "induo.bench.device";
    /** Environment variable naming the device, read when the property is not set. */
    public static final String ENV = "INDUO_BENCH_DEVICE";

    private final List<Integer> batchSizes;

    BenchDevice(List<Integer> batchSizes) {
        this.batchSizes = batchSizes;
    }

    /** The batch sizes the raw benchmark measures on this device. */
    public List<Integer> batchSizes() {
        return batchSizes;
    }

    /** The name as configured and as the worker's {@code induo.worker.model.device} takes it. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The device configured for this run. */
    public static BenchDevice configured() {
        return from(System.getProperty(PROPERTY), System.getenv());
    }

    static BenchDevice from(String property, Map<String, String> environment) {
        String value = Optional.ofNullable(property).orElse(environment.getOrDefault(ENV, "cpu"));
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "cpu", "" -> CPU;
            case "cuda" -> CUDA;
            default -> throw new IllegalArgumentException(PROPERTY + " / " + ENV + " must be cpu or cuda, got '" + value + "'");
        };
    }
}
