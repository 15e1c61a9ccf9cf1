package ai.induo.worker.inference;

import ai.induo.model.ModelContract;
import ai.induo.model.ModelDigest;
import ai.induo.model.OnnxGraphBuilder;
import ai.induo.model.TensorSpec;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** Model files and images for the inference tests. */
final class TestModels {

    private TestModels() {
    }

    /** A model whose output is one of its inputs passed through unchanged. */
    static byte[] passThroughModel(List<TensorSpec> inputs, String passedThrough) {
        OnnxGraphBuilder graph = new OnnxGraphBuilder("pass_through");
        inputs.forEach(graph::input);
        return graph.output(ModelContract.OUTPUT_IMAGE)
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

    static BufferedImage filled(int width, int height, int rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(new Color(rgb));
        graphics.fillRect(0, 0, width, height);
        graphics.dispose();
        return image;
    }

    /** A white image with a filled square of the given colour in its centre, half its width wide. */
    static BufferedImage squareOnWhite(int size, int rgb) {
        BufferedImage image = filled(size, size, 0xffffff);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(new Color(rgb));
        graphics.fillRect(size / 4, size / 4, size / 2, size / 2);
        graphics.dispose();
        return image;
    }

    static BufferedImage noise(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }

    static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xffffff;
    }
}
