package ai.induo.worker.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import java.util.Optional;

/**
 * The ONNX Runtime session options made from {@link SessionSettings}, and the CUDA provider's
 * options they refer to; both are released together when the model is.
 */
final class RuntimeOptions implements AutoCloseable {

    private final OrtSession.SessionOptions session;
    private final Optional<OrtCUDAProviderOptions> cuda;

    private RuntimeOptions(OrtSession.SessionOptions session, Optional<OrtCUDAProviderOptions> cuda) {
        this.session = session;
        this.cuda = cuda;
    }

    /**
     * Options for a session: the settings' optimisation level and thread pools, memory pattern
     * planning on, operators run one after another (sequential execution mode), and on CUDA the
     * provider with the settings' device, convolution search, arena strategy and memory limit.
     *
     * @throws ModelLoadException when CUDA is asked for and this ONNX Runtime build or the host lacks it
     */
    static RuntimeOptions of(SessionSettings settings) {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setOptimizationLevel(settings.optimizationLevel().ortLevel());
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setMemoryPatternOptimization(true);
            if (settings.intraOpThreads().isPresent()) {
                options.setIntraOpNumThreads(settings.intraOpThreads().getAsInt());
            }
            if (settings.interOpThreads().isPresent()) {
                options.setInterOpNumThreads(settings.interOpThreads().getAsInt());
            }
        } catch (OrtException e) {
            options.close();
            throw new ModelLoadException("ONNX Runtime refuses the session settings " + settings + ": "
                    + e.getMessage(), e);
        }
        if (settings.device() != ExecutionDevice.CUDA) {
            return new RuntimeOptions(options, Optional.empty());
        }
        try {
            return new RuntimeOptions(options, Optional.of(addCuda(options, settings.cuda())));
        } catch (RuntimeException e) {
            options.close();
            throw e;
        }
    }

    OrtSession.SessionOptions session() {
        return session;
    }

    @Override
    public void close() {
        try {
            session.close();
        } finally {
            cuda.ifPresent(OrtCUDAProviderOptions::close);
        }
    }

    private static OrtCUDAProviderOptions addCuda(OrtSession.SessionOptions options, CudaSettings settings) {
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            throw new ModelLoadException("The CUDA device was requested but this ONNX Runtime build only has "
                    + OrtEnvironment.getAvailableProviders() + "; build the worker with the Maven profile "
                    + "'gpu' (onnxruntime_gpu) or set induo.worker.model.device=cpu");
        }
        OrtCUDAProviderOptions cuda = null;
        try {
            cuda = new OrtCUDAProviderOptions(settings.deviceId());
            cuda.add("cudnn_conv_algo_search", settings.convAlgoSearch().name());
            cuda.add("arena_extend_strategy", settings.arenaExtendStrategy().ortName());
            if (settings.memoryLimit().isPresent()) {
                cuda.add("gpu_mem_limit", Long.toString(settings.memoryLimit().getAsLong()));
            }
            options.addCUDA(cuda);
            return cuda;
        } catch (OrtException e) {
            if (cuda != null) {
                cuda.close();
            }
            throw new ModelLoadException("The CUDA execution provider cannot start on GPU " + settings.deviceId()
                    + " (are the NVIDIA driver, CUDA 12 and cuDNN 9 libraries installed?): " + e.getMessage(), e);
        }
    }
}
