package ai.induo.worker.inference;

import ai.induo.model.BundledDemoModel;
import ai.induo.model.ModelContract;
import ai.induo.model.ModelDigest;
import ai.induo.model.TorsoBox;
import ai.induo.model.TryOnPreprocessing;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * A try-on model meeting {@link ModelContract}, loaded in ONNX Runtime. Safe to share between
 * threads: {@link #run} may be called concurrently.
 */
public final class TryOnModel implements AutoCloseable {

    /** The GPU the CUDA provider uses: the first one visible to the process (Kubernetes exposes the pod's own). */
    public static final int CUDA_DEVICE_ID = 0;

    private static final Logger LOG = Logger.getLogger(TryOnModel.class);
    private static final Set<String> REQUESTED_OUTPUTS = Set.of(ModelContract.OUTPUT);

    private final OrtEnvironment environment;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final String source;
    private final String sha256;
    private final ExecutionDevice device;

    private TryOnModel(OrtEnvironment environment, OrtSession.SessionOptions options, OrtSession session,
            String source, String sha256, ExecutionDevice device) {
        this.environment = environment;
        this.options = options;
        this.session = session;
        this.source = source;
        this.sha256 = sha256;
        this.device = device;
    }

    /**
     * Verifies the model's SHA-256, creates an ONNX Runtime session on the device and checks the
     * model's inputs and output against the contract.
     *
     * @throws ModelIntegrityException when the model's bytes do not have the expected SHA-256
     * @throws ModelLoadException      when the model cannot be read or parsed, does not meet the
     *                                 contract, or the device is not available
     */
    public static TryOnModel load(ModelSource source, ExecutionDevice device) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(device, "device");
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = sessionOptions(device);
        try {
            OrtSession session = openVerified(source, environment, options);
            try {
                checkContract(session, source);
            } catch (RuntimeException e) {
                closeQuietly(session, e);
                throw e;
            }
            LOG.infof("Loaded try-on model %s (SHA-256 %s) on %s", source, source.expectedSha256(), device);
            return new TryOnModel(environment, options, session, source.toString(), source.expectedSha256(), device);
        } catch (RuntimeException e) {
            options.close();
            throw e;
        }
    }

    /**
     * Dresses the person in the products, in order: the output for one product is the person image
     * for the next. The result has the person image's size.
     *
     * @throws InvalidInputException when there is no product or the person image is too large
     * @throws InferenceException    when ONNX Runtime fails or the model's output breaks the contract
     */
    public BufferedImage run(BufferedImage person, List<BufferedImage> products) {
        Objects.requireNonNull(person, "person");
        Objects.requireNonNull(products, "products");
        if (products.isEmpty()) {
            throw new InvalidInputException("A try-on needs at least one product image");
        }
        int width = person.getWidth();
        int height = person.getHeight();
        if ((long) width * height > TryOnPreprocessing.MAX_PIXELS) {
            throw new InvalidInputException("The person image is " + width + "x" + height + " pixels; at most "
                    + TryOnPreprocessing.MAX_PIXELS + " pixels fit the model");
        }
        TorsoBox box = TryOnPreprocessing.torsoBox(width, height);
        long[] placement = TryOnPreprocessing.placement(box, width, height);
        float[] current = TryOnPreprocessing.toChw(person);
        for (BufferedImage product : products) {
            float[] garment = TryOnPreprocessing.toChw(TryOnPreprocessing.fitIntoBox(product, box));
            current = runOnce(current, width, height, garment, box, placement);
        }
        return TryOnPreprocessing.fromChw(current, width, height);
    }

    /** The SHA-256 of the loaded model file. */
    public String sha256() {
        return sha256;
    }

    /** The device the model runs on. */
    public ExecutionDevice device() {
        return device;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new InferenceException("Cannot release model " + source, e);
        } finally {
            options.close();
        }
    }

    @Override
    public String toString() {
        return source + " on " + device;
    }

    private float[] runOnce(float[] person, int width, int height, float[] garment, TorsoBox box, long[] placement) {
        long[] personShape = {1, ModelContract.CHANNELS, height, width};
        try (OnnxTensor personTensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(person), personShape);
                OnnxTensor garmentTensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(garment),
                        new long[] {1, ModelContract.CHANNELS, box.height(), box.width()});
                OnnxTensor placementTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(placement),
                        new long[] {placement.length});
                OrtSession.Result result = session.run(Map.of(
                        ModelContract.PERSON_INPUT, personTensor,
                        ModelContract.GARMENT_INPUT, garmentTensor,
                        ModelContract.PLACEMENT_INPUT, placementTensor), REQUESTED_OUTPUTS)) {
            return outputValues(result, personShape);
        } catch (OrtException e) {
            throw new InferenceException("Model " + source + " failed on a " + width + "x" + height + " image: "
                    + e.getMessage(), e);
        }
    }

    private float[] outputValues(OrtSession.Result result, long[] personShape) throws OrtException {
        OnnxValue value = result.get(ModelContract.OUTPUT).orElseThrow(
                () -> new InferenceException("Model " + source + " returned no '" + ModelContract.OUTPUT + "'"));
        if (!(value instanceof OnnxTensor output) || output.getInfo().type != OnnxJavaType.FLOAT) {
            throw new InferenceException("Model " + source + " returned '" + ModelContract.OUTPUT + "' as "
                    + value.getInfo() + "; the contract requires a float32 tensor");
        }
        long[] shape = output.getInfo().getShape();
        if (!Arrays.equals(shape, personShape)) {
            throw new InferenceException("Model " + source + " returned an output of shape " + Arrays.toString(shape)
                    + " for a person image of shape " + Arrays.toString(personShape)
                    + "; the contract requires the same shape");
        }
        FloatBuffer buffer = output.getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static OrtSession.SessionOptions sessionOptions(ExecutionDevice device) {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        if (device == ExecutionDevice.CUDA) {
            try {
                if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
                    throw new ModelLoadException("The CUDA device was requested but this ONNX Runtime build only has "
                            + OrtEnvironment.getAvailableProviders() + "; build the worker with the Maven profile "
                            + "'gpu' (onnxruntime_gpu) or set induo.worker.model.device=cpu");
                }
                options.addCUDA(CUDA_DEVICE_ID);
            } catch (OrtException e) {
                options.close();
                throw new ModelLoadException("The CUDA execution provider cannot start on GPU " + CUDA_DEVICE_ID
                        + " (are the NVIDIA driver, CUDA 12 and cuDNN 9 libraries installed?): " + e.getMessage(), e);
            } catch (RuntimeException e) {
                options.close();
                throw e;
            }
        }
        return options;
    }

    private static OrtSession openVerified(ModelSource source, OrtEnvironment environment,
            OrtSession.SessionOptions options) {
        try {
            if (source instanceof ModelSource.ModelFile file) {
                String actual;
                try (InputStream in = Files.newInputStream(file.path())) {
                    actual = ModelDigest.sha256Hex(in);
                }
                verify(source, actual);
                return environment.createSession(file.path().toString(), options);
            }
            byte[] model;
            try (InputStream in = BundledDemoModel.open()) {
                model = in.readAllBytes();
            }
            verify(source, ModelDigest.sha256Hex(model));
            return environment.createSession(model, options);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException("Model file " + source + " does not exist", e);
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read model " + source + ": " + e, e);
        } catch (OrtException e) {
            throw new ModelLoadException("ONNX Runtime cannot load model " + source + ": " + e.getMessage(), e);
        }
    }

    private static void verify(ModelSource source, String actualSha256) {
        if (!actualSha256.equals(source.expectedSha256())) {
            throw new ModelIntegrityException(source.toString(), source.expectedSha256(), actualSha256);
        }
    }

    private static void checkContract(OrtSession session, ModelSource source) {
        List<String> violations;
        try {
            violations = ContractCheck.violations(session.getInputInfo(), session.getOutputInfo());
        } catch (OrtException e) {
            throw new ModelLoadException("Cannot read the inputs and outputs of model " + source, e);
        }
        if (!violations.isEmpty()) {
            throw new ModelLoadException("Model " + source + " does not meet the Induo try-on contract "
                    + "(docs/model-contract.md): " + String.join("; ", violations));
        }
    }

    private static void closeQuietly(OrtSession session, RuntimeException failure) {
        try {
            session.close();
        } catch (OrtException e) {
            failure.addSuppressed(e);
        }
    }
}
