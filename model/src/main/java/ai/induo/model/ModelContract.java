package ai.induo.model;

import java.util.List;

/**
 * The contract every Induo try-on model meets: graph input and output names, element types and
 * shapes. Described for people in {@code docs/model-contract.md}; the worker checks a model against
 * these specs when it loads it.
 */
public final class ModelContract {

    /** Name of the person image input. */
    public static final String PERSON_INPUT = "person";
    /** Name of the garment input: one product image already fitted into the torso box. */
    public static final String GARMENT_INPUT = "garment";
    /** Name of the placement input: ONNX {@code Pad} pads that place the torso box in the person frame. */
    public static final String PLACEMENT_INPUT = "placement";
    /** Name of the output image. */
    public static final String OUTPUT = "output";

    /** Colour channels of every image tensor, in RGB order. */
    public static final int CHANNELS = 3;
    /** Number of values in the placement input: begin and end pads for the N, C, H and W axes. */
    public static final int PLACEMENT_LENGTH = 8;

    /** The person image, float32 [1, 3, height, width], RGB, values 0..1. */
    public static final TensorSpec PERSON = TensorSpec.of(PERSON_INPUT, ElementType.FLOAT,
            Dimension.fixed(1), Dimension.fixed(CHANNELS), Dimension.dynamic("height"), Dimension.dynamic("width"));
    /** The fitted product image, float32 [1, 3, box_height, box_width], RGB, values 0..1, white background. */
    public static final TensorSpec GARMENT = TensorSpec.of(GARMENT_INPUT, ElementType.FLOAT,
            Dimension.fixed(1), Dimension.fixed(CHANNELS), Dimension.dynamic("box_height"),
            Dimension.dynamic("box_width"));
    /** The placement, int64 [8]: {@code [0, 0, top, left, 0, 0, bottom, right]}. */
    public static final TensorSpec PLACEMENT = TensorSpec.of(PLACEMENT_INPUT, ElementType.INT64,
            Dimension.fixed(PLACEMENT_LENGTH));
    /** The output image, float32 [1, 3, height, width] (the person image's size), RGB, values 0..1. */
    public static final TensorSpec OUTPUT_IMAGE = TensorSpec.of(OUTPUT, ElementType.FLOAT,
            Dimension.fixed(1), Dimension.fixed(CHANNELS), Dimension.dynamic("height"), Dimension.dynamic("width"));

    /** Every graph input a model has, no more and no fewer. */
    public static final List<TensorSpec> INPUTS = List.of(PERSON, GARMENT, PLACEMENT);
    /** The graph outputs a model must have; it may have others, which are not computed. */
    public static final List<TensorSpec> OUTPUTS = List.of(OUTPUT_IMAGE);

    private ModelContract() {
    }
}
