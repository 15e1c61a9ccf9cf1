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
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;

/**
 * The no-op model alone in ONNX Runtime on one job: the contract's three input tensors made from
 * the decoded images (prepared once), one run on the calling thread, the output tensor read back.
 */
final class ModelPart implements FloorPart {

    /** Pool threads that spin while waiting burn CPU no job needs; one thread, the caller, does it all. */
    private static final String NO_SPINNING = "session.intra_op.allow_spinning";

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final float[] person;
    private final float[] garment;
    private final long[] personShape;
    private final long[] garmentShape;
    private final long[] placement;

    ModelPart(BufferedImage personImage, BufferedImage productImage) throws OrtException {
        int width = personImage.getWidth();
        int height = personImage.getHeight();
        TorsoBox box = TryOnPreprocessing.torsoBox(width, height);
        person = TryOnPreprocessing.toChw(personImage);
        garment = TryOnPreprocessing.toChw(TryOnPreprocessing.fitIntoBox(productImage, box));
        personShape = new long[] {1, ModelContract.CHANNELS, height, width};
        garmentShape = new long[] {1, ModelContract.CHANNELS, box.height(), box.width()};
        placement = TryOnPreprocessing.placement(box, width, height);
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
        try (OnnxTensor personTensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(person), personShape);
                OnnxTensor garmentTensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(garment), garmentShape);
                OnnxTensor placementTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(placement),
                        new long[] {placement.length});
                OrtSession.Result result = session.run(Map.of(ModelContract.PERSON_INPUT, personTensor,
                        ModelContract.GARMENT_INPUT, garmentTensor, ModelContract.PLACEMENT_INPUT, placementTensor))) {
            FloatBuffer output = ((OnnxTensor) result.get(ModelContract.OUTPUT).orElseThrow()).getFloatBuffer();
            output.get(new float[output.remaining()]);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
