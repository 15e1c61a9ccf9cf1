package ai.induo.bench.floor;

import ai.induo.model.ModelContract;
import ai.induo.model.NoOpModelBuilder;
import ai.induo.model.TorsoBox;
import ai.induo.model.TryOnPreprocessing;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;

/**
 * The no-op model alone in ONNX Runtime on one job: one run on the calling thread over the contract's
 * three input tensors (the decoded images' values, prepared once in native memory), into an output
 * tensor of its own, whose values are then read back. Nothing is allocated per run, as the model alone
 * needs nothing: a fresh 2.3 MB output array a run would make the figure the collector's.
 */
final class ModelPart implements FloorPart {

    /** Pool threads that spin while waiting burn CPU no job needs; one thread, the caller, does it all. */
    private static final String NO_SPINNING = "session.intra_op.allow_spinning";

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final Map<String, OnnxTensor> inputs;
    private final FloatBuffer outputValues;
    private final OnnxTensor output;
    private final float[] readBack;

    ModelPart(BufferedImage personImage, BufferedImage productImage) throws OrtException {
        int width = personImage.getWidth();
        int height = personImage.getHeight();
        TorsoBox box = TryOnPreprocessing.torsoBox(width, height);
        float[] person = TryOnPreprocessing.toChw(personImage);
        long[] personShape = {1, ModelContract.CHANNELS, height, width};
        long[] placement = TryOnPreprocessing.placement(box, width, height);
        inputs = Map.of(
                ModelContract.PERSON_INPUT, OnnxTensor.createTensor(environment, direct(person), personShape),
                ModelContract.GARMENT_INPUT, OnnxTensor.createTensor(environment,
                        direct(TryOnPreprocessing.toChw(TryOnPreprocessing.fitIntoBox(productImage, box))),
                        new long[] {1, ModelContract.CHANNELS, box.height(), box.width()}),
                ModelContract.PLACEMENT_INPUT, OnnxTensor.createTensor(environment, LongBuffer.wrap(placement),
                        new long[] {placement.length}));
        outputValues = direct(new float[person.length]);
        output = OnnxTensor.createTensor(environment, outputValues, personShape);
        readBack = new float[person.length];
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.addConfigEntry(NO_SPINNING, "0");
            session = environment.createSession(NoOpModelBuilder.build(), options);
        }
    }

    @Override
    public String name() {
        return "model";
    }

    @Override
    public boolean onCallingThread() {
        return true;
    }

    @Override
    public void runOneJob() throws OrtException {
        try (OrtSession.Result result = session.run(inputs, Map.of(ModelContract.OUTPUT, output))) {
            outputValues.get(0, readBack);
        }
    }

    /** The output values the last run read back. */
    float[] lastOutput() {
        return readBack.clone();
    }

    /** The values in native memory, which ONNX Runtime reads and writes in place. */
    private static FloatBuffer direct(float[] values) {
        FloatBuffer buffer = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer().put(values);
        buffer.rewind();
        return buffer;
    }

    @Override
    public void close() throws OrtException {
        session.close();
        output.close();
        for (OnnxTensor input : inputs.values()) {
            input.close();
        }
    }
}
