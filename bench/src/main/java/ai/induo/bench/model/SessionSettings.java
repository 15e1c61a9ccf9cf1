package ai.induo.bench.model;

import ai.induo.bench.Results;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.util.Map;

/**
 * The ONNX Runtime session options of the raw benchmark, the same for every batch size and handed to
 * the worker through its {@code induo.worker.model.*} settings, so both run the model alike.
 *
 * @param device         CPU or CUDA execution provider
 * @param intraOpThreads threads inside one operator
 * @param interOpThreads threads running independent operators side by side
 */
public record SessionSettings(BenchDevice device, int intraOpThreads, int interOpThreads) {

    /** The optimisation level: every graph optimisation, as the worker's default {@code all}. */
    public static final OptLevel OPTIMIZATION = OptLevel.ALL_OPT;
    /** The worker's name of {@link #OPTIMIZATION}. */
    public static final String OPTIMIZATION_NAME = "all";

    /** The configured device, one intra-op thread per CPU of this machine and one inter-op thread. */
    public static SessionSettings configured() {
        return new SessionSettings(BenchDevice.configured(), Runtime.getRuntime().availableProcessors(), 1);
    }

    /** New session options; the caller closes them. */
    public OrtSession.SessionOptions toOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OPTIMIZATION);
        options.setIntraOpNumThreads(intraOpThreads);
        options.setInterOpNumThreads(interOpThreads);
        if (device == BenchDevice.CUDA) {
            try {
                options.addCUDA(0);
            } catch (OrtException e) {
                options.close();
                throw new IllegalStateException("ONNX Runtime's CUDA execution provider is not available: build with -Pgpu "
                        + "(bench/gpu.sh does) on a machine with an NVIDIA GPU, CUDA 12 and cuDNN 9 (" + e.getMessage() + ")", e);
            }
        }
        return options;
    }

    /** The worker's environment for the same settings ({@code induo.worker.model.*}). */
    public Map<String, String> workerEnvironment() {
        return Map.of(
                "INDUO_WORKER_MODEL_DEVICE", device.configName(),
                "INDUO_WORKER_MODEL_INTRA_OP_THREADS", Integer.toString(intraOpThreads),
                "INDUO_WORKER_MODEL_INTER_OP_THREADS", Integer.toString(interOpThreads),
                "INDUO_WORKER_MODEL_OPTIMIZATION_LEVEL", OPTIMIZATION_NAME);
    }

    /** Records the settings under {@code prefix}. */
    public void putInto(Results results, String prefix) {
        results.put(prefix + ".device", device.configName());
        results.put(prefix + ".intra_op_threads", intraOpThreads);
        results.put(prefix + ".inter_op_threads", interOpThreads);
        results.put(prefix + ".optimization_level", OPTIMIZATION_NAME);
    }
}
