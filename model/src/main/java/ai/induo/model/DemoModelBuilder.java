package ai.induo.model;

import ai.induo.model.OnnxGraphBuilder.IntAttribute;
import java.io.IOException;
import java.util.List;

/**
 * Builds the demo try-on model: it masks out the near-white background of the fitted product and
 * composites the rest onto the torso box of the person image. Outside the box the output is the
 * person image, bit for bit. The build runs {@link #main} to bundle the model in the jar.
 */
public final class DemoModelBuilder {

    /** File name of the demo model, in the jar and on disk. */
    public static final String FILE_NAME = "induo-demo-tryon.onnx";
    /** Suffix of the file next to the model that holds its SHA-256, in {@code sha256sum} format. */
    public static final String SHA256_SUFFIX = ModelFiles.SHA256_SUFFIX;
    /**
     * A garment pixel whose red, green and blue values are all at least this (240 of 255 and up) is
     * background and leaves the person unchanged.
     */
    public static final float BACKGROUND_THRESHOLD = 0.94f;
    /** The ONNX IR version of the model file. */
    public static final long IR_VERSION = 8;
    /** The default-domain ONNX operator set the graph uses (ReduceMin takes its axes as an input). */
    public static final long OPSET_VERSION = 18;

    private static final String PRODUCER_NAME = "induo-model";
    private static final String PRODUCER_VERSION = "1";
    private static final String DOC_STRING = "Induo demo try-on model: composites the product, near-white "
            + "background masked out, onto the torso box of the person image. Contract: docs/model-contract.md.";

    private static final String CHANNEL_AXIS = "channel_axis";
    private static final String THRESHOLD = "background_threshold";
    private static final String WHITE = "white";
    private static final String TRANSPARENT = "transparent";
    private static final String GARMENT_MIN = "garment_channel_min";
    private static final String GARMENT_IS_PRODUCT = "garment_is_product";
    private static final String GARMENT_ALPHA = "garment_alpha";
    private static final String GARMENT_IN_FRAME = "garment_in_frame";
    private static final String ALPHA_IN_FRAME = "alpha_in_frame";
    private static final String GARMENT_MINUS_PERSON = "garment_minus_person";
    private static final String BLEND_DELTA = "blend_delta";

    private DemoModelBuilder() {
    }

    /** The model file's bytes; the same on every call and every machine. */
    public static byte[] build() {
        return new OnnxGraphBuilder("induo_demo_tryon")
                .input(ModelContract.PERSON)
                .input(ModelContract.GARMENT)
                .input(ModelContract.PLACEMENT)
                .output(ModelContract.OUTPUT_IMAGE)
                .int64Vector(CHANNEL_AXIS, 1)
                .floatScalar(THRESHOLD, BACKGROUND_THRESHOLD)
                .floatScalar(WHITE, 1.0f)
                .floatScalar(TRANSPARENT, 0.0f)
                .node("ReduceMin", List.of(ModelContract.GARMENT_INPUT, CHANNEL_AXIS), GARMENT_MIN,
                        new IntAttribute("keepdims", 1))
                .node("Less", List.of(GARMENT_MIN, THRESHOLD), GARMENT_IS_PRODUCT)
                .node("Cast", List.of(GARMENT_IS_PRODUCT), GARMENT_ALPHA,
                        new IntAttribute("to", ElementType.FLOAT.onnxCode()))
                .node("Pad", List.of(ModelContract.GARMENT_INPUT, ModelContract.PLACEMENT_INPUT, WHITE),
                        GARMENT_IN_FRAME)
                .node("Pad", List.of(GARMENT_ALPHA, ModelContract.PLACEMENT_INPUT, TRANSPARENT), ALPHA_IN_FRAME)
                .node("Sub", List.of(GARMENT_IN_FRAME, ModelContract.PERSON_INPUT), GARMENT_MINUS_PERSON)
                .node("Mul", List.of(ALPHA_IN_FRAME, GARMENT_MINUS_PERSON), BLEND_DELTA)
                .node("Add", List.of(ModelContract.PERSON_INPUT, BLEND_DELTA), ModelContract.OUTPUT)
                .toModel(IR_VERSION, OPSET_VERSION, PRODUCER_NAME, PRODUCER_VERSION, DOC_STRING);
    }

    /**
     * Writes {@value #FILE_NAME} and its {@value #SHA256_SUFFIX} file into a directory, creating it
     * if needed.
     *
     * @param args one argument: the output directory
     */
    public static void main(String[] args) throws IOException {
        ModelFiles.writeFromCommandLine("DemoModelBuilder", args, FILE_NAME, DemoModelBuilder::build);
    }
}
