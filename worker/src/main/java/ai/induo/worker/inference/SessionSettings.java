package ai.induo.worker.inference;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * How ONNX Runtime runs the model: the device, the graph optimisation level, its thread pools and,
 * on CUDA, the provider's options.
 *
 * @param device            CPU or CUDA
 * @param optimizationLevel the graph optimisation level
 * @param intraOpThreads    threads one operator may use; empty: ONNX Runtime's default (one per core)
 * @param interOpThreads    threads running independent operators; empty: ONNX Runtime's default
 * @param cuda              the CUDA provider's options, used when {@code device} is CUDA
 */
public record SessionSettings(ExecutionDevice device, OptimizationLevel optimizationLevel, OptionalInt intraOpThreads,
        OptionalInt interOpThreads, CudaSettings cuda) {

    public SessionSettings {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(optimizationLevel, "optimizationLevel");
        Objects.requireNonNull(intraOpThreads, "intraOpThreads");
        Objects.requireNonNull(interOpThreads, "interOpThreads");
        Objects.requireNonNull(cuda, "cuda");
        requirePositive("intra-op", intraOpThreads);
        requirePositive("inter-op", interOpThreads);
    }

    /** Every optimisation, ONNX Runtime's thread pools, the default CUDA options. */
    public static SessionSettings defaults(ExecutionDevice device) {
        return new SessionSettings(device, OptimizationLevel.ALL, OptionalInt.empty(), OptionalInt.empty(),
                CudaSettings.DEFAULTS);
    }

    private static void requirePositive(String pool, OptionalInt threads) {
        if (threads.isPresent() && threads.getAsInt() < 1) {
            throw new IllegalArgumentException("The " + pool + " thread count must be at least 1, got "
                    + threads.getAsInt());
        }
    }
}
