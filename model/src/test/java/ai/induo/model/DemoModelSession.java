package ai.induo.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;

/**
 * The demo model in an ONNX Runtime session, fed straight with contract tensors: the reference the
 * worker's output is compared with (shared through the model module's test-jar).
 */
public final class DemoModelSession implements AutoCloseable {

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    public DemoModelSession(byte[] model) throws OrtException {
        session = environment.createSession(model);
    }

    OrtSession session() {
        return session;
    }

    /** Runs the model once; returns the output tensor's values and checks its shape. */
    public Output run(float[] person, int width, int height, float[] garment, TorsoBox box) throws OrtException {
        long[] placement = TryOnPreprocessing.placement(box, width, height);
        try (OnnxTensor personTensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(person),
                        new long[] {1, 3, height, width});
                OnnxTensor garmentTensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(garment),
                        new long[] {1, 3, box.height(), box.width()});
                OnnxTensor placementTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(placement),
                        new long[] {placement.length});
                OrtSession.Result result = session.run(Map.of(
                        ModelContract.PERSON_INPUT, personTensor,
                        ModelContract.GARMENT_INPUT, garmentTensor,
                        ModelContract.PLACEMENT_INPUT, placementTensor))) {
            OnnxTensor output = (OnnxTensor) result.get(ModelContract.OUTPUT).orElseThrow();
            FloatBuffer buffer = output.getFloatBuffer();
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            return new Output(output.getInfo().getShape(), values);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }

    /** The output tensor: its shape and its values. */
    public record Output(long[] shape, float[] values) {
    }
}
