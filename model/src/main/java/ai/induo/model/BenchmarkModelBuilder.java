package ai.induo.model;

import ai.induo.model.OnnxGraphBuilder.IntAttribute;
import ai.induo.model.OnnxGraphBuilder.IntsAttribute;
import java.io.IOException;
import java.util.List;
import java.util.Random;

/**
 * Builds the benchmark try-on model: a small convolutional encoder-decoder that does real work per
 * pixel, so that {@code ./induo bench} can weigh the platform against a model that keeps the CPU or
 * GPU busy. Its output means nothing; its cost is that of a modest image-to-image network.
 *
 * <p>The garment is padded into the person frame ({@code Pad(garment, placement)}, as in the demo
 * model) and concatenated with the person into six channels; three stride-2 3×3 convolutions with
 * ReLU go down to an eighth of the size, three stride-2 2×2 transposed convolutions come back up,
 * a nearest-neighbour {@code Resize} to the person's exact shape (for sizes that are not a multiple
 * of eight) and a {@code Sigmoid} give three channels in 0..1. About 1.5 GFLOP per 512 × 384 image
 * ({@link #flops(long, long)}).
 *
 * <p>It meets {@code docs/model-contract.md}, batch dimension dynamic. The weights come from a seeded generator, so the bytes are the
 * same on every build and every machine; nothing is downloaded.
 */
public final class BenchmarkModelBuilder {

    /** File name of the benchmark model on disk. */
    public static final String FILE_NAME = "induo-bench-tryon.onnx";
    private static final long SEED = 20_261_204L;
    private static final String PRODUCER_NAME = "induo-model";
    private static final String PRODUCER_VERSION = "1";
    private static final String DOC_STRING = "Induo benchmark try-on model: a small convolutional encoder-decoder "
            + "with seeded weights, for ./induo bench. Contract: docs/model-contract.md, batch dimension dynamic.";
    private static final int INPUT_CHANNELS = 2 * ModelContract.CHANNELS;
    private static final String WHITE = "white";
    private static final String GARMENT_IN_FRAME = "garment_in_frame";
    private static final String STACKED = "stacked";
    private static final String PERSON_SHAPE = "person_shape";
    private static final String DECODED = "decoded";
    private static final String RESIZED = "resized";

    /**
     * One convolution of the network: channels in and out, square kernel, stride; a down layer pads
     * by one and halves the size (rounding up), an up layer is transposed and doubles it.
     */
    record Layer(String name, boolean up, int in, int out, int kernel, int stride, boolean relu) {

        /** The layer's output size along one axis, from its input size. */
        long outputSize(long inputSize) {
            return up ? inputSize * stride : (inputSize + 2 - kernel) / stride + 1;
        }

        long[] weightShape() {
            return up ? new long[] {in, out, kernel, kernel} : new long[] {out, in, kernel, kernel};
        }
    }

    static final List<Layer> LAYERS = List.of(
            new Layer("down1", false, INPUT_CHANNELS, 32, 3, 2, true),
            new Layer("down2", false, 32, 64, 3, 2, true),
            new Layer("down3", false, 64, 128, 3, 2, true),
            new Layer("up1", true, 128, 64, 2, 2, true),
            new Layer("up2", true, 64, 32, 2, 2, true),
            new Layer("up3", true, 32, ModelContract.CHANNELS, 2, 2, false));

    private BenchmarkModelBuilder() {
    }

    /** The model file's bytes; the same on every call and every machine. */
    public static byte[] build() {
        Random weights = new Random(SEED);
        OnnxGraphBuilder graph = new OnnxGraphBuilder("induo_bench_tryon")
                .input(ModelContract.PERSON)
                .input(ModelContract.GARMENT)
                .input(ModelContract.PLACEMENT)
                .output(ModelContract.OUTPUT_IMAGE)
                .floatScalar(WHITE, 1.0f)
                .node("Pad", List.of(ModelContract.GARMENT_INPUT, ModelContract.PLACEMENT_INPUT, WHITE),
                        GARMENT_IN_FRAME)
                .node("Concat", List.of(ModelContract.PERSON_INPUT, GARMENT_IN_FRAME), STACKED,
                        new IntAttribute("axis", 1));
        String previous = STACKED;
        for (Layer layer : LAYERS) {
            previous = addLayer(graph, layer, previous, weights);
        }
        return graph
                .node("Shape", List.of(ModelContract.PERSON_INPUT), PERSON_SHAPE)
                .node("Resize", List.of(DECODED, "", "", PERSON_SHAPE), RESIZED)
                .node("Sigmoid", List.of(RESIZED), ModelContract.OUTPUT)
                .toModel(DemoModelBuilder.IR_VERSION, DemoModelBuilder.OPSET_VERSION, PRODUCER_NAME, PRODUCER_VERSION,
                        DOC_STRING);
    }

    /**
     * Floating-point operations (a multiply and an add each) the convolutions do for one image of
     * {@code height} × {@code width}; the pad, concatenation, resize and sigmoid are left out.
     */
    public static long flops(long height, long width) {
        long total = 0;
        long h = height;
        long w = width;
        for (Layer layer : LAYERS) {
            long outH = layer.outputSize(h);
            long outW = layer.outputSize(w);
            long kernelArea = (long) layer.kernel() * layer.kernel();
            // A convolution does one multiply-add per weight and output pixel; a transposed one per weight and input pixel.
            long pixels = layer.up() ? h * w : outH * outW;
            total += 2 * pixels * layer.in() * layer.out() * kernelArea;
            h = outH;
            w = outW;
        }
        return total;
    }

    /**
     * Writes {@value #FILE_NAME} and its {@code .sha256} file into a directory, creating it if needed.
     *
     * @param args one argument: the output directory
     */
    public static void main(String[] args) throws IOException {
        ModelFiles.writeFromCommandLine("BenchmarkModelBuilder", args, FILE_NAME, BenchmarkModelBuilder::build);
    }

    private static String addLayer(OnnxGraphBuilder graph, Layer layer, String input, Random weights) {
        long[] shape = layer.weightShape();
        float[] kernel = new float[(int) (shape[0] * shape[1] * shape[2] * shape[3])];
        // He-uniform: keeps the activations' scale from layer to layer under ReLU.
        double limit = Math.sqrt(6.0 / ((long) layer.in() * layer.kernel() * layer.kernel()));
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] = (float) ((weights.nextDouble() * 2 - 1) * limit);
        }
        String weightName = layer.name() + "_weight";
        String biasName = layer.name() + "_bias";
        graph.floatTensor(weightName, shape, kernel)
                .floatTensor(biasName, new long[] {layer.out()}, new float[layer.out()]);
        String convolved = layer.relu() ? layer.name() + "_conv" : DECODED;
        IntsAttribute kernelShape = new IntsAttribute("kernel_shape", layer.kernel(), layer.kernel());
        IntsAttribute strides = new IntsAttribute("strides", layer.stride(), layer.stride());
        if (layer.up()) {
            graph.node("ConvTranspose", List.of(input, weightName, biasName), convolved, kernelShape, strides);
        } else {
            graph.node("Conv", List.of(input, weightName, biasName), convolved, kernelShape, strides,
                    new IntsAttribute("pads", 1, 1, 1, 1));
        }
        if (!layer.relu()) {
            return convolved;
        }
        String activated = layer.name() + "_relu";
        graph.node("Relu", List.of(convolved), activated);
        return activated;
    }
}
