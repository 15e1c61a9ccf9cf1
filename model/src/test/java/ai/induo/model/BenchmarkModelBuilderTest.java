package ai.induo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkModelBuilderTest {

    private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();
    private static OrtSession session;

    @BeforeAll
    static void loadModel() throws OrtException {
        session = ENVIRONMENT.createSession(BenchmarkModelBuilder.build());
    }

    @AfterAll
    static void closeModel() throws OrtException {
        session.close();
    }

    @Test
    void buildsTheSameBytesEveryTime() {
        assertThat(BenchmarkModelBuilder.build()).isEqualTo(BenchmarkModelBuilder.build());
    }

    @Test
    void costsAboutOneAndAHalfGigaflopPerPortraitImage() {
        long flops = BenchmarkModelBuilder.flops(512, 384);
        System.out.printf(Locale.ROOT, "benchmark model: %.3f GFLOP per 512 x 384 image%n", flops / 1e9);

        assertThat(flops).isBetween(1_000_000_000L, 3_000_000_000L);
    }

    @Test
    void declaresTheContractsInputsWithADynamicBatch() throws OrtException {
        assertThat(session.getInputNames()).containsExactlyInAnyOrder("person", "garment", "placement");
        assertThat(session.getOutputNames()).contains("output");
        for (String name : new String[] {"person", "garment"}) {
            assertThat(shape(session.getInputInfo().get(name))).containsExactly(-1, 3, -1, -1);
        }
        assertThat(shape(session.getInputInfo().get("placement"))).containsExactly(8);
        assertThat(shape(session.getOutputInfo().get("output"))).containsExactly(-1, 3, -1, -1);
    }

    @Test
    void runsOneImageOfASizeThatIsNotAMultipleOfEight() throws OrtException {
        float[] output = run(1, 61, 45);

        assertInUnitRange(output);
    }

    @Test
    void runsABatchOfTwoWithEachImageComputedOnItsOwn() throws OrtException {
        int height = 64;
        int width = 48;
        float[] batch = run(2, height, width);
        float[] first = run(1, height, width);

        assertInUnitRange(batch);
        int imageSize = 3 * height * width;
        for (int i = 0; i < imageSize; i++) {
            assertThat(batch[i]).isCloseTo(first[i], offset(1e-4f));
        }
        assertThat(Arrays.copyOfRange(batch, imageSize, 2 * imageSize))
                .isNotEqualTo(Arrays.copyOfRange(batch, 0, imageSize));
    }

    @Test
    void mainWritesTheModelAndAChecksumFileInSha256sumFormat(@TempDir Path directory) throws IOException {
        BenchmarkModelBuilder.main(new String[] {directory.toString()});

        byte[] model = Files.readAllBytes(directory.resolve(BenchmarkModelBuilder.FILE_NAME));
        assertThat(model).isEqualTo(BenchmarkModelBuilder.build());
        assertThat(Files.readString(directory.resolve("induo-bench-tryon.onnx.sha256"), StandardCharsets.US_ASCII))
                .isEqualTo(ModelDigest.sha256Hex(model) + "  induo-bench-tryon.onnx\n");
    }


    /**
     * Runs the model on {@code batch} images of the given size, each image its own seeded noise (the
     * first the same for every batch size); checks the output's shape and returns its values.
     */
    private static float[] run(int batch, int height, int width) throws OrtException {
        TorsoBox box = TryOnPreprocessing.torsoBox(width, height);
        long[] placement = TryOnPreprocessing.placement(box, width, height);
        float[] person = new float[batch * 3 * height * width];
        float[] garment = new float[batch * 3 * box.height() * box.width()];
        for (int image = 0; image < batch; image++) {
            Random noise = new Random(image);
            int personSize = 3 * height * width;
            int garmentSize = 3 * box.height() * box.width();
            for (int i = 0; i < personSize; i++) {
                person[image * personSize + i] = noise.nextFloat();
            }
            for (int i = 0; i < garmentSize; i++) {
                garment[image * garmentSize + i] = noise.nextFloat();
            }
        }
        try (OnnxTensor personTensor = OnnxTensor.createTensor(ENVIRONMENT, FloatBuffer.wrap(person),
                        new long[] {batch, 3, height, width});
                OnnxTensor garmentTensor = OnnxTensor.createTensor(ENVIRONMENT, FloatBuffer.wrap(garment),
                        new long[] {batch, 3, box.height(), box.width()});
                OnnxTensor placementTensor = OnnxTensor.createTensor(ENVIRONMENT, LongBuffer.wrap(placement),
                        new long[] {placement.length});
                OrtSession.Result result = session.run(Map.of("person", personTensor, "garment", garmentTensor,
                        "placement", placementTensor))) {
            OnnxTensor output = (OnnxTensor) result.get("output").orElseThrow();
            assertThat(output.getInfo().getShape()).containsExactly(batch, 3, height, width);
            FloatBuffer buffer = output.getFloatBuffer();
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            return values;
        }
    }

    private static void assertInUnitRange(float[] values) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float value : values) {
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        assertThat(min).isGreaterThanOrEqualTo(0f);
        assertThat(max).isLessThanOrEqualTo(1f);
    }

    private static long[] shape(NodeInfo info) {
        return ((TensorInfo) info.getInfo()).getShape();
    }
}
