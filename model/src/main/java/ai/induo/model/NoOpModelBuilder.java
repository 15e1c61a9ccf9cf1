package ai.induo.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the no-op try-on model the benchmark runs: its output is the person image, unchanged, so a
 * job through the platform costs only the platform's own work. It meets the try-on contract
 * ({@code docs/model-contract.md}) with a dynamic batch dimension: a batch of person images comes
 * back as the same batch.
 */
public final class NoOpModelBuilder {

    /** File name of the no-op model on disk. */
    public static final String FILE_NAME = "induo-noop.onnx";

    private static final String BATCH = "batch";
    private static final String PRODUCER_NAME = "induo-model";
    private static final String PRODUCER_VERSION = "1";
    private static final String DOC_STRING = "Induo no-op try-on model: the output is the person image. "
            + "For benchmarks of the platform around the model. Contract: docs/model-contract.md.";

    /** The person input, float32 [batch, 3, height, width]. */
    static final TensorSpec PERSON = batched(ModelContract.PERSON);
    /** The garment input, float32 [batch, 3, box_height, box_width]; read by nothing. */
    static final TensorSpec GARMENT = batched(ModelContract.GARMENT);
    /** The output, float32 [batch, 3, height, width]: the person input. */
    static final TensorSpec OUTPUT_IMAGE = batched(ModelContract.OUTPUT_IMAGE);

    private NoOpModelBuilder() {
    }

    /** The model file's bytes; the same on every call and every machine. */
    public static byte[] build() {
        return new OnnxGraphBuilder("induo_noop_tryon")
                .input(PERSON)
                .input(GARMENT)
                .input(ModelContract.PLACEMENT)
                .output(OUTPUT_IMAGE)
                .node("Identity", List.of(ModelContract.PERSON_INPUT), ModelContract.OUTPUT)
                .toModel(DemoModelBuilder.IR_VERSION, DemoModelBuilder.OPSET_VERSION, PRODUCER_NAME,
                        PRODUCER_VERSION, DOC_STRING);
    }

    /**
     * Writes {@value #FILE_NAME} and its {@code .sha256} file ({@code sha256sum} format) into a
     * directory, creating it if needed.
     *
     * @param args one argument: the output directory
     */
    public static void main(String[] args) throws IOException {
        ModelFiles.writeFromCommandLine("NoOpModelBuilder", args, FILE_NAME, NoOpModelBuilder::build);
    }

    /** Writes the model and its checksum file into {@code directory}; returns the model's path. */
    public static Path write(Path directory) throws IOException {
        return ModelFiles.write(directory, FILE_NAME, build());
    }

    /** The spec with its fixed batch dimension of one made dynamic. */
    private static TensorSpec batched(TensorSpec spec) {
        List<Dimension> dimensions = new ArrayList<>(spec.dimensions());
        dimensions.set(0, Dimension.dynamic(BATCH));
        return new TensorSpec(spec.name(), spec.type(), dimensions);
    }
}
