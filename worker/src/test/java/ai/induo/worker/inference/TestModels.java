package ai.induo.worker.inference;

import ai.induo.model.ModelContract;
import ai.induo.model.ModelDigest;
import ai.induo.model.OnnxGraphBuilder;
import ai.induo.model.TensorSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Model files for the inference tests. */
final class TestModels {

    private TestModels() {
    }

    /** A model whose output is one of its inputs passed through unchanged. */
    static byte[] passThroughModel(List<TensorSpec> inputs, String passedThrough) {
        return passThroughModel(inputs, ModelContract.OUTPUT_IMAGE, passedThrough);
    }

    /** A model with the given output spec whose output is one of its inputs passed through unchanged. */
    static byte[] passThroughModel(List<TensorSpec> inputs, TensorSpec output, String passedThrough) {
        OnnxGraphBuilder graph = new OnnxGraphBuilder("pass_through");
        inputs.forEach(graph::input);
        return graph.output(output)
                .node("Identity", List.of(passedThrough), ModelContract.OUTPUT)
                .toModel(8, 18, "induo-tests", "1", "A model for tests");
    }

    /** Writes bytes to a file and returns a source pinned to their SHA-256. */
    static ModelSource pinnedFile(Path file, byte[] bytes) {
        return ModelSource.file(write(file, bytes), ModelDigest.sha256Hex(bytes));
    }

    static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
