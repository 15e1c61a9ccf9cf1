package ai.induo.worker.inference;

import static ai.induo.model.TestImages.filled;
import static ai.induo.model.TestImages.noise;
import static ai.induo.model.TestImages.rgb;
import static ai.induo.model.TestImages.squareOnWhite;
import static ai.induo.worker.inference.TestModels.passThroughModel;
import static ai.induo.worker.inference.TestModels.pinnedFile;
import static ai.induo.worker.inference.TestModels.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.induo.model.BundledDemoModel;
import ai.induo.model.DemoModelBuilder;
import ai.induo.model.Dimension;
import ai.induo.model.ElementType;
import ai.induo.model.ModelContract;
import ai.induo.model.ModelDigest;
import ai.induo.model.TensorSpec;
import ai.induo.model.TorsoBox;
import ai.induo.model.TryOnPreprocessing;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TryOnModelTest {

    private static final int WIDTH = 160;
    private static final int HEIGHT = 240;
    private static final int RED = 0xd01010;
    private static final int BLUE = 0x1030c0;
    private static final String OTHER_SHA256 = "0".repeat(64);

    private static TryOnModel demo;

    @TempDir
    Path directory;

    @BeforeAll
    static void loadBundledDemoModel() {
        demo = TryOnModel.load(ModelSource.bundledDemo(), ExecutionDevice.CPU);
    }

    @AfterAll
    static void closeModel() {
        demo.close();
    }

    @Test
    void bundledDemoModelLoadsOnCpuWithItsPublishedChecksum() {
        assertThat(demo.sha256()).isEqualTo(BundledDemoModel.sha256());
        assertThat(demo.device()).isEqualTo(ExecutionDevice.CPU);
    }

    @Test
    void aModelFileLoadsWhenItsChecksumMatches() {
        ModelSource source = pinnedFile(directory.resolve("tryon.onnx"), DemoModelBuilder.build());

        try (TryOnModel model = TryOnModel.load(source, ExecutionDevice.CPU)) {
            BufferedImage output = model.run(filled(WIDTH, HEIGHT, 0x808080), List.of(filled(30, 30, RED)));

            TorsoBox box = TryOnPreprocessing.torsoBox(WIDTH, HEIGHT);
            assertThat(rgb(output, box.left() + box.width() / 2, box.top() + box.height() / 2)).isEqualTo(RED);
        }
    }

    @Test
    void aModelFileWithAnotherChecksumIsRefusedNamingBothChecksums() {
        byte[] bytes = DemoModelBuilder.build();
        Path file = write(directory.resolve("tryon.onnx"), bytes);

        assertThatThrownBy(() -> TryOnModel.load(ModelSource.file(file, OTHER_SHA256), ExecutionDevice.CPU))
                .isInstanceOfSatisfying(ModelIntegrityException.class, e -> {
                    assertThat(e.expectedSha256()).isEqualTo(OTHER_SHA256);
                    assertThat(e.actualSha256()).isEqualTo(ModelDigest.sha256Hex(bytes));
                })
                .hasMessageContaining(OTHER_SHA256)
                .hasMessageContaining(ModelDigest.sha256Hex(bytes))
                .hasMessageContaining(file.toString());
    }

    @Test
    void aBundledModelThatDoesNotMatchItsPublishedChecksumIsRefused() {
        assertThatThrownBy(() -> TryOnModel.load(new ModelSource.BundledDemo(OTHER_SHA256), ExecutionDevice.CPU))
                .isInstanceOf(ModelIntegrityException.class)
                .hasMessageContaining(BundledDemoModel.sha256());
    }

    @Test
    void aMissingModelFileIsRefusedClearly() {
        Path missing = directory.resolve("missing.onnx");

        assertThatThrownBy(() -> TryOnModel.load(ModelSource.file(missing, OTHER_SHA256), ExecutionDevice.CPU))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("Model file " + missing + " does not exist");
    }

    @Test
    void aFileThatIsNotAnOnnxModelIsRefusedEvenWithItsChecksum() {
        ModelSource source = pinnedFile(directory.resolve("notes.onnx"),
                "not a model".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> TryOnModel.load(source, ExecutionDevice.CPU))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("ONNX Runtime cannot load model");
    }

    @Test
    void aModelWithOtherInputNamesIsRefusedSayingWhatIsWrong() {
        TensorSpec image = new TensorSpec("image", ElementType.FLOAT, ModelContract.PERSON.dimensions());
        ModelSource source = pinnedFile(directory.resolve("renamed.onnx"),
                passThroughModel(List.of(image, ModelContract.GARMENT, ModelContract.PLACEMENT), "image"));

        assertThatThrownBy(() -> TryOnModel.load(source, ExecutionDevice.CPU))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("does not meet the Induo try-on contract")
                .hasMessageContaining("input 'person' is missing")
                .hasMessageContaining("unexpected input 'image'");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("personInputsWithSizesTheContractDoesNotAllow")
    void aModelWithAFixedSizeWhereTheContractAllowsNoneIsRefused(String model, TensorSpec person, String problem) {
        ModelSource source = pinnedFile(directory.resolve(model + ".onnx"),
                passThroughModel(List.of(person, ModelContract.GARMENT, ModelContract.PLACEMENT), "person"));

        assertThatThrownBy(() -> TryOnModel.load(source, ExecutionDevice.CPU))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(problem);
    }

    static Stream<Arguments> personInputsWithSizesTheContractDoesNotAllow() {
        return Stream.of(
                Arguments.of("fixed-image-size", personInput(Dimension.fixed(1), Dimension.fixed(512), Dimension.fixed(384)),
                        "input 'person' has shape [1, 3, 512, 384], the contract requires a dynamic size (height) on axis 2"),
                Arguments.of("batch-of-two", personInput(Dimension.fixed(2), Dimension.dynamic("height"),
                        Dimension.dynamic("width")), "input 'person' has shape [2, 3, height, width], the contract "
                        + "requires a dynamic size (batch) or 1 on axis 0"));
    }

    @Test
    void aModelWithAnotherPlacementTypeIsRefused() {
        TensorSpec floatPlacement = TensorSpec.of(ModelContract.PLACEMENT_INPUT, ElementType.FLOAT,
                Dimension.fixed(ModelContract.PLACEMENT_LENGTH));
        ModelSource source = pinnedFile(directory.resolve("float-placement.onnx"),
                passThroughModel(List.of(ModelContract.PERSON, ModelContract.GARMENT, floatPlacement), "person"));

        assertThatThrownBy(() -> TryOnModel.load(source, ExecutionDevice.CPU))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("input 'placement' has element type float, the contract requires int64");
    }

    @Test
    void outsideTheTorsoBoxTheOutputIsThePersonImage() {
        BufferedImage person = noise(WIDTH, HEIGHT, 11);

        BufferedImage output = demo.run(person, List.of(filled(90, 60, RED)));

        assertThat(output.getWidth()).isEqualTo(WIDTH);
        assertThat(output.getHeight()).isEqualTo(HEIGHT);
        TorsoBox box = TryOnPreprocessing.torsoBox(WIDTH, HEIGHT);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                if (!box.contains(x, y)) {
                    assertThat(rgb(output, x, y)).as("pixel (%d,%d)", x, y).isEqualTo(rgb(person, x, y));
                }
            }
        }
        assertThat(rgb(output, box.left() + box.width() / 2, box.top() + box.height() / 2)).isEqualTo(RED);
    }

    @Test
    void productsAreLayeredInTheOrderGiven() {
        BufferedImage person = noise(WIDTH, HEIGHT, 12);
        BufferedImage shirt = filled(80, 80, RED);
        BufferedImage badge = squareOnWhite(80, BLUE);
        TorsoBox box = TryOnPreprocessing.torsoBox(WIDTH, HEIGHT);
        int centreX = box.left() + box.width() / 2;
        int centreY = box.top() + box.height() / 2;
        int edgeX = box.left() + 1;

        BufferedImage badgeOnShirt = demo.run(person, List.of(shirt, badge));
        BufferedImage shirtOverBadge = demo.run(person, List.of(badge, shirt));

        assertThat(rgb(badgeOnShirt, centreX, centreY)).isEqualTo(BLUE);
        assertThat(rgb(badgeOnShirt, edgeX, centreY)).isEqualTo(RED);
        assertThat(rgb(shirtOverBadge, centreX, centreY)).isEqualTo(RED);
    }

    @Test
    void concurrentRunsGiveTheSameResultAsOneAtATime() {
        BufferedImage person = noise(WIDTH, HEIGHT, 13);
        List<BufferedImage> products = List.of(squareOnWhite(64, BLUE));
        int[] expected = pixels(demo.run(person, products));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<BufferedImage>> runs = IntStream.range(0, 8)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> demo.run(person, products), pool))
                    .toList();

            runs.forEach(run -> assertThat(pixels(run.join())).isEqualTo(expected));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theDemoModelBatchesAndABatchOfThreeGivesEachImageExactlyItsBatchOfOneOutput() {
        ImageShape shape = new ImageShape(HEIGHT, WIDTH);
        List<ModelRound> rounds = IntStream.range(0, 3)
                .mapToObj(i -> round(shape, noise(WIDTH, HEIGHT, 20 + i), squareOnWhite(40 + 10 * i, BLUE)))
                .toList();

        List<float[]> batched = demo.runBatch(rounds);

        assertThat(demo.maxBatch()).isGreaterThan(3);
        assertThat(batched).hasSize(3);
        for (int i = 0; i < rounds.size(); i++) {
            assertThat(batched.get(i)).as("image %d", i).isEqualTo(demo.runBatch(List.of(rounds.get(i))).get(0));
        }
    }

    @Test
    void aModelWithItsBatchAxisFixedAtOneLoadsAndRunsOneImageAtATime() {
        List<TensorSpec> batchOfOne = ModelContract.INPUTS.stream().map(TryOnModelTest::withBatchOf1).toList();
        ModelSource source = pinnedFile(directory.resolve("batch-of-one.onnx"),
                passThroughModel(batchOfOne, withBatchOf1(ModelContract.OUTPUT_IMAGE), "person"));

        try (TryOnModel model = TryOnModel.load(source, ExecutionDevice.CPU)) {
            BufferedImage person = noise(WIDTH, HEIGHT, 14);

            assertThat(model.maxBatch()).isEqualTo(1);
            assertThat(pixels(model.run(person, List.of(filled(10, 10, RED))))).isEqualTo(pixels(person));
        }
    }

    @Test
    void aBatchMixingShapesIsRefused() {
        ModelRound small = round(new ImageShape(HEIGHT, WIDTH), noise(WIDTH, HEIGHT, 15), filled(8, 8, RED));
        ModelRound large = round(new ImageShape(HEIGHT + 2, WIDTH), noise(WIDTH, HEIGHT + 2, 16), filled(8, 8, RED));

        assertThatThrownBy(() -> demo.runBatch(List.of(small, large)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one shape");
    }

    @Test
    void aTryOnWithoutProductsIsInvalidInput() {
        assertThatThrownBy(() -> demo.run(filled(WIDTH, HEIGHT, RED), List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at least one product image");
    }

    @Test
    void aModelWhoseOutputIsNotThePersonSizeFailsTheRun() {
        ModelSource source = pinnedFile(directory.resolve("garment-only.onnx"), passThroughModel(
                List.of(ModelContract.PERSON, ModelContract.GARMENT, ModelContract.PLACEMENT), "garment"));

        try (TryOnModel model = TryOnModel.load(source, ExecutionDevice.CPU)) {
            assertThatThrownBy(() -> model.run(filled(WIDTH, HEIGHT, RED), List.of(filled(10, 10, BLUE))))
                    .isInstanceOf(InferenceException.class)
                    .hasMessageContaining("the contract requires the same shape");
        }
    }

    @Test
    void cudaWithoutTheCudaBuildOfOnnxRuntimeFailsAtStartupInsteadOfFallingBackToCpu() {
        assumeThat(OrtEnvironment.getAvailableProviders()).doesNotContain(OrtProvider.CUDA);

        assertThatThrownBy(() -> TryOnModel.load(ModelSource.bundledDemo(), ExecutionDevice.CUDA))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("CUDA")
                .hasMessageContaining("'gpu'");
    }

    private static ModelRound round(ImageShape shape, BufferedImage person, BufferedImage product) {
        return new ModelRound(shape, TryOnPreprocessing.toChw(person),
                TryOnPreprocessing.toChw(TryOnPreprocessing.fitIntoBox(product, shape.torsoBox())));
    }

    private static TensorSpec personInput(Dimension batch, Dimension height, Dimension width) {
        return TensorSpec.of(ModelContract.PERSON_INPUT, ElementType.FLOAT, batch, Dimension.fixed(3), height, width);
    }

    private static TensorSpec withBatchOf1(TensorSpec spec) {
        if (!ModelContract.BATCHED.contains(spec)) {
            return spec;
        }
        List<Dimension> dimensions = new ArrayList<>(spec.dimensions());
        dimensions.set(ModelContract.BATCH_AXIS, Dimension.fixed(1));
        return new TensorSpec(spec.name(), spec.type(), dimensions);
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
