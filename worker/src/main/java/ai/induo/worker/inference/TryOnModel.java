package ai.induo.worker.inference;

import ai.induo.model.BundledDemoModel;
import ai.induo.model.ModelContract;
import ai.induo.model.ModelDigest;
import ai.induo.model.TorsoBox;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * A try-on model meeting {@link ModelContract}, loaded in ONNX Runtime. Safe to share between
 * threads: {@link #run} and {@link #runBatch} may be called concurrently.
 */
public final class TryOnModel implements BatchModel, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TryOnModel.class);

    private final OrtEnvironment environment;
    private final RuntimeOptions options;
    private final OrtSession session;
    private final String source;
    private final String sha256;
    private final ExecutionDevice device;
    private final int maxBatch;
    private final TensorBuffers buffers = new TensorBuffers();

    private TryOnModel(OrtEnvironment environment, RuntimeOptions options, OrtSession session, String source,
            String sha256, ExecutionDevice device, int maxBatch) {
        this.environment = environment;
        this.options = options;
        this.session = session;
        this.source = source;
        this.sha256 = sha256;
        this.device = device;
        this.maxBatch = maxBatch;
    }

    /** Loads a model with ONNX Runtime's default settings on the device: see {@link #load(ModelSource, SessionSettings)}. */
    public static TryOnModel load(ModelSource source, ExecutionDevice device) {
        return load(source, SessionSettings.defaults(device));
    }

    /**
     * Verifies the model's SHA-256, creates an ONNX Runtime session with the settings and checks the
     * model's inputs and output against the contract.
     *
     * @throws ModelIntegrityException when the model's bytes do not have the expected SHA-256
     * @throws ModelLoadException      when the model cannot be read or parsed, does not meet the
     *                                 contract, or the device is not available
     */
    public static TryOnModel load(ModelSource source, SessionSettings settings) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(settings, "settings");
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        RuntimeOptions options = RuntimeOptions.of(settings);
        try {
            OrtSession session = openVerified(source, environment, options.session());
            int maxBatch;
            try {
                maxBatch = checkContract(session, source);
            } catch (RuntimeException e) {
                closeQuietly(session, e);
                throw e;
            }
            LOG.infof("Loaded try-on model %s (SHA-256 %s) on %s, %s", source, source.expectedSha256(),
                    settings.device(), maxBatch == 1 ? "one image a run" : "batching");
            return new TryOnModel(environment, options, session, source.toString(), source.expectedSha256(),
                    settings.device(), maxBatch);
        } catch (RuntimeException e) {
            options.close();
            throw e;
        }
    }

    /**
     * Dresses the person in the products, in order, one run of this model per product: see
     * {@link TryOn#dress}.
     *
     * @throws InvalidInputException when there is no product or the person image is too large
     * @throws InferenceException    when ONNX Runtime fails or the model's output breaks the contract
     */
    public BufferedImage run(BufferedImage person, List<BufferedImage> products) {
        return TryOn.dress(person, products, round -> runBatch(List.of(round)).get(0));
    }

    /**
     * 1 when the model fixes its batch axis at 1; otherwise no limit of the model's own (a batch is
     * still at most {@link ImageShape#maxBatch()} images of its shape).
     */
    @Override
    public int maxBatch() {
        return maxBatch;
    }

    @Override
    public List<float[]> runBatch(List<ModelRound> rounds) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("A batch needs at least one round");
        }
        ImageShape shape = rounds.get(0).shape();
        int size = rounds.size();
        if (size > Math.min(maxBatch, shape.maxBatch())) {
            throw new IllegalArgumentException("A batch of " + size + " " + shape + " images is more than the "
                    + Math.min(maxBatch, shape.maxBatch()) + " model " + source + " takes at once");
        }
        if (rounds.stream().anyMatch(round -> !round.shape().equals(shape))) {
            throw new IllegalArgumentException("A batch holds images of one shape; got "
                    + rounds.stream().map(ModelRound::shape).distinct().toList());
        }
        TorsoBox box = shape.torsoBox();
        long[] personShape = {size, ModelContract.CHANNELS, shape.height(), shape.width()};
        long[] garmentShape = {size, ModelContract.CHANNELS, box.height(), box.width()};
        FloatBuffer person = buffers.take(ModelContract.PERSON_INPUT, personShape);
        FloatBuffer garment = buffers.take(ModelContract.GARMENT_INPUT, garmentShape);
        FloatBuffer output = buffers.take(ModelContract.OUTPUT, personShape);
        try {
            for (ModelRound round : rounds) {
                person.put(round.person());
                garment.put(round.garment());
            }
            run(person.flip(), personShape, garment.flip(), garmentShape, output, shape);
            List<float[]> outputs = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                float[] values = new float[shape.personValues()];
                output.get(values);
                outputs.add(values);
            }
            return outputs;
        } finally {
            buffers.giveBack(ModelContract.PERSON_INPUT, personShape, person);
            buffers.giveBack(ModelContract.GARMENT_INPUT, garmentShape, garment);
            buffers.giveBack(ModelContract.OUTPUT, personShape, output);
        }
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

    /**
     * One run of the session; ONNX Runtime writes the output into {@code output} (a pre-allocated,
     * pinned output), which is left ready to read.
     */
    private void run(FloatBuffer person, long[] personShape, FloatBuffer garment, long[] garmentShape,
            FloatBuffer output, ImageShape shape) {
        long[] placement = shape.placement();
        try (OnnxTensor personTensor = OnnxTensor.createTensor(environment, person, personShape);
                OnnxTensor garmentTensor = OnnxTensor.createTensor(environment, garment, garmentShape);
                OnnxTensor placementTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(placement),
                        new long[] {placement.length});
                OnnxTensor outputTensor = OnnxTensor.createTensor(environment, output, personShape);
                OrtSession.Result result = session.run(Map.of(
                        ModelContract.PERSON_INPUT, personTensor,
                        ModelContract.GARMENT_INPUT, garmentTensor,
                        ModelContract.PLACEMENT_INPUT, placementTensor), Map.of(ModelContract.OUTPUT, outputTensor))) {
            output.clear();
        } catch (OrtException e) {
            throw new InferenceException("Model " + source + " failed on a batch of " + personShape[0] + " " + shape
                    + " images (its output must have the person images' shape " + Arrays.toString(personShape)
                    + "; the contract requires the same shape): " + e.getMessage(), e);
        }
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

    /** Checks the model against the contract; returns the most images it takes in one run. */
    private static int checkContract(OrtSession session, ModelSource source) {
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            List<String> violations = ContractCheck.violations(inputs, outputs);
            if (!violations.isEmpty()) {
                throw new ModelLoadException("Model " + source + " does not meet the Induo try-on contract "
                        + "(docs/model-contract.md): " + String.join("; ", violations));
            }
            return ContractCheck.maxBatch(inputs, outputs);
        } catch (OrtException e) {
            throw new ModelLoadException("Cannot read the inputs and outputs of model " + source, e);
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
