package ai.induo.worker.inference;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * How the CUDA execution provider runs the model ({@code OrtCUDAProviderOptions}).
 *
 * @param deviceId            the GPU, as CUDA numbers the ones visible to the process
 * @param convAlgoSearch      how cuDNN picks a convolution algorithm for each new input shape
 * @param arenaExtendStrategy how the GPU memory arena grows
 * @param memoryLimit         the most bytes of GPU memory the arena may take; empty: no limit
 */
public record CudaSettings(int deviceId, ConvAlgoSearch convAlgoSearch, ArenaExtendStrategy arenaExtendStrategy,
        OptionalLong memoryLimit) {

    /** The first visible GPU, exhaustive search, arena growing by powers of two, no memory limit. */
    public static final CudaSettings DEFAULTS = new CudaSettings(0, ConvAlgoSearch.EXHAUSTIVE,
            ArenaExtendStrategy.NEXT_POWER_OF_TWO, OptionalLong.empty());

    public CudaSettings {
        Objects.requireNonNull(convAlgoSearch, "convAlgoSearch");
        Objects.requireNonNull(arenaExtendStrategy, "arenaExtendStrategy");
        Objects.requireNonNull(memoryLimit, "memoryLimit");
        if (deviceId < 0) {
            throw new IllegalArgumentException("The CUDA device id must be at least 0, got " + deviceId);
        }
        if (memoryLimit.isPresent() && memoryLimit.getAsLong() < 1) {
            throw new IllegalArgumentException("The GPU memory limit must be positive, got " + memoryLimit.getAsLong());
        }
    }

    /** {@code cudnn_conv_algo_search}: how cuDNN chooses a convolution algorithm per input shape. */
    public enum ConvAlgoSearch {
        /** Times every algorithm on the first run of a shape and keeps the fastest: slow once, fastest after. */
        EXHAUSTIVE,
        /** cuDNN's own guess from the shape, without timing: cheap, sometimes slower kernels. */
        HEURISTIC,
        /** Always the default algorithm (implicit precomputed GEMM): no search, rarely the fastest. */
        DEFAULT
    }

    /** {@code arena_extend_strategy}: how the GPU memory arena grows when it is full. */
    public enum ArenaExtendStrategy {
        /** Doubles each time: few allocations, may overshoot what the model needs. */
        NEXT_POWER_OF_TWO("kNextPowerOfTwo"),
        /** Grows by what was asked: tighter, more allocations while the shapes are new. */
        SAME_AS_REQUESTED("kSameAsRequested");

        private final String ortName;

        ArenaExtendStrategy(String ortName) {
            this.ortName = ortName;
        }

        String ortName() {
            return ortName;
        }
    }
}
