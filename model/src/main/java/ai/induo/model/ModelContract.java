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
    /** The axis of {@link #PERSON}, {@link #GARMENT} and {@link #OUTPUT_IMAGE} that counts the images of a batch. */
    public static final int BATCH_AXIS = 0;
    /**
     * The batch dimension, dynamic: a model that runs any number of images at once. A model that
     * runs one image at a time may fix it at 1 instead; the worker then never batches.
     */
    public static final Dimension BATCH = Dimension.dynamic("batch");

    /** The person images, float32 [batch, 3, height, width], RGB, values 0..1. */
    public static final TensorSpec PERSON = TensorSpec.of(PERSON_INPUT, ElementType.FLOAT,
            BATCH, Dimension.fixed(CHANNELS), Dimension.dynamic("height"), Dimension.dynamic("width"));
    /**
     * The fitted product images, float32 [batch, 3, box_height, box_width], RGB, values 0..1, white
     * background; image i goes with person image i.
     */
    public static final TensorSpec GARMENT = TensorSpec.of(GARMENT_INPUT, ElementType.FLOAT,
            BATCH, Dimension.fixed(CHANNELS), Dimension.dynamic("box_height"),
            Dimension.dynamic("box_width"));
    /**
     * The placement, int64 [8]: {@code [0, 0, top, left, 0, 0, bottom, right]}, shared by every
     * image of a batch (they all have the same size, so the same torso box).
     */
    public static final TensorSpec PLACEMENT = TensorSpec.of(PLACEMENT_INPUT, ElementType.INT64,
            Dimension.fixed(PLACEMENT_LENGTH));
    /** The output images, float32 [batch, 3, height, width] (the person images' shape), RGB, values 0..1. */
    public static final TensorSpec OUTPUT_IMAGE = TensorSpec.of(OUTPUT, ElementType.FLOAT,
            BATCH, Dimension.fixed(CHANNELS), Dimension.dynamic("height"), Dimension.dynamic("width"));

    /** Every graph input a model has, no more and no fewer. */
    public static final List<TensorSpec> INPUTS = List.of(PERSON, GARMENT, PLACEMENT);
    /** The graph outputs a model must have; it may have others, which are not computed. */
    public static final List<TensorSpec> OUTPUTS = List.of(OUTPUT_IMAGE);
    /** The tensors whose first axis is {@link #BATCH}: dynamic, or fixed at 1 by a model that does not batch. */
    public static final List<TensorSpec> BATCHED = List.of(PERSON, GARMENT, OUTPUT_IMAGE);

    private ModelContract() {
    }
}
