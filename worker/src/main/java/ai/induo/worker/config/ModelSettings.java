package ai.induo.worker.config;

import ai.induo.worker.inference.CudaSettings;
import ai.induo.worker.inference.ImageShape;
import ai.induo.worker.inference.SessionSettings;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.configuration.MemorySize;
import java.util.List;
import java.util.OptionalLong;

/** The model's settings read from {@code induo.worker.model.*}, checked, as the inference types take them. */
public final class ModelSettings {

    private ModelSettings() {
    }

    /**
     * How ONNX Runtime runs the model.
     *
     * @throws ConfigurationException when a thread count, the CUDA device id or the memory limit is out of range
     */
    public static SessionSettings session(WorkerConfig.Model model) {
        try {
            WorkerConfig.Cuda cuda = model.cuda();
            OptionalLong memoryLimit = cuda.memoryLimit().map(MemorySize::asLongValue)
                    .map(OptionalLong::of).orElse(OptionalLong.empty());
            return new SessionSettings(model.device(), model.optimizationLevel(), model.intraOpThreads(),
                    model.interOpThreads(), new CudaSettings(cuda.deviceId(), cuda.convAlgoSearch(),
                            cuda.arenaExtendStrategy(), memoryLimit));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("induo.worker.model.*: " + e.getMessage(), e);
        }
    }

    /**
     * The warm-up shapes.
     *
     * @throws ConfigurationException when one is not {@code HEIGHTxWIDTH}
     */
    public static List<ImageShape> warmUpShapes(WorkerConfig.Model model) {
        try {
            return model.warmUpShapes().stream().map(ImageShape::parse).distinct().toList();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("induo.worker.model.warm-up-shapes: " + e.getMessage(), e);
        }
    }
}
