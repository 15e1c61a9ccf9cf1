package ai.induo.model;

import static ai.induo.model.TestImages.filled;
import static ai.induo.model.TestImages.noise;
import static ai.induo.model.TestImages.rgb;
import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DemoModelTest {

    private static final int WIDTH = 120;
    private static final int HEIGHT = 160;
    private static final int NEAR_WHITE = 0xf0f0f0;
    private static final int JUST_NOT_WHITE = 0xefffff;
    private static final int NAVY = 0x1b2a5c;

    private static DemoModelSession model;

    @BeforeAll
    static void loadBundledModel() throws IOException, OrtException {
        try (InputStream in = BundledDemoModel.open()) {
            model = new DemoModelSession(in.readAllBytes());
        }
    }

    @AfterAll
    static void closeModel() throws OrtException {
        model.close();
    }

    @Test
    void declaresExactlyTheContractInputsAndOutput() throws OrtException {
        Map<String, NodeInfo> inputs = model.session().getInputInfo();
        Map<String, NodeInfo> outputs = model.session().getOutputInfo();

        assertThat(inputs).containsOnlyKeys("person", "garment", "placement");
        assertThat(outputs).containsOnlyKeys("output");
        assertThat(shape(inputs.get("person"))).containsExactly(-1, 3, -1, -1);
        assertThat(shape(inputs.get("garment"))).containsExactly(-1, 3, -1, -1);
        assertThat(shape(inputs.get("placement"))).containsExactly(8);
        assertThat(shape(outputs.get("output"))).containsExactly(-1, 3, -1, -1);
        assertThat(((TensorInfo) inputs.get("placement").getInfo()).onnxType)
                .isEqualTo(TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64);
    }

    @Test
    void outsideTheTorsoBoxTheOutputIsThePersonImageExactly() throws OrtException {
        BufferedImage person = noise(WIDTH, HEIGHT, 1);
        TorsoBox box = TryOnPreprocessing.torsoBox(WIDTH, HEIGHT);
        float[] personChw = TryOnPreprocessing.toChw(person);
        float[] garment = TryOnPreprocessing.toChw(filled(box.width(), box.height(), NAVY));

        float[] output = model.run(personChw, WIDTH, HEIGHT, garment, box).values();

        int plane = WIDTH * HEIGHT;
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                if (!box.contains(x, y)) {
                    for (int c = 0; c < 3; c++) {
                        int i = c * plane + y * WIDTH + x;
                        assertThat(output[i]).as("channel %d at (%d,%d)", c, x, y).isEqualTo(personChw[i]);
                    }
                }
            }
        }
    }

    @Test
    void productPixelsReplaceThePersonInsideTheBox() throws OrtException {
        BufferedImage person = noise(WIDTH, HEIGHT, 2);
        TorsoBox box = TryOnPreprocessing.torsoBox(WIDTH, HEIGHT);
        float[] garment = TryOnPreprocessing.toChw(filled(box.width(), box.height(), NAVY));

        BufferedImage output = TryOnPreprocessing.fromChw(
                model.run(TryOnPreprocessing.toChw(person), WIDTH, HEIGHT, garment, box).values(), WIDTH, HEIGHT);

        for (int y = box.top(); y < box.bottom(); y++) {
            for (int x = box.left(); x < box.right(); x++) {
                assertThat(rgb(output, x, y)).isEqualTo(NAVY);
            }
        }
    }

    @Test
    void nearWhiteProductBackgroundLeavesThePersonUnchanged() throws OrtException {
        BufferedImage person = noise(WIDTH, HEIGHT, 3);
        float[] personChw = TryOnPreprocessing.toChw(person);
        TorsoBox box = TryOnPreprocessing.torsoBox(WIDTH, HEIGHT);
        float[] garment = TryOnPreprocessing.toChw(filled(box.width(), box.height(), NEAR_WHITE));

        float[] output = model.run(personChw, WIDTH, HEIGHT, garment, box).values();

        assertThat(output).isEqualTo(personChw);
    }

    @Test
    void aPixelJustBelowTheThresholdInOneChannelIsProduct() throws OrtException {
        BufferedImage person = filled(WIDTH, HEIGHT, 0x000000);
        TorsoBox box = TryOnPreprocessing.torsoBox(WIDTH, HEIGHT);
        float[] garment = TryOnPreprocessing.toChw(filled(box.width(), box.height(), JUST_NOT_WHITE));

        BufferedImage output = TryOnPreprocessing.fromChw(
                model.run(TryOnPreprocessing.toChw(person), WIDTH, HEIGHT, garment, box).values(), WIDTH, HEIGHT);

        assertThat(rgb(output, box.left(), box.top())).isEqualTo(JUST_NOT_WHITE);
        assertThat(rgb(output, box.right() - 1, box.bottom() - 1)).isEqualTo(JUST_NOT_WHITE);
    }

    @ParameterizedTest(name = "{0}x{1} person, {2}x{3} product")
    @CsvSource({"64,96,40,40", "300,200,50,120", "1,1,3,5", "37,51,200,10", "513,257,64,64"})
    void outputHasThePersonImageSize(int width, int height, int productWidth, int productHeight)
            throws OrtException {
        TorsoBox box = TryOnPreprocessing.torsoBox(width, height);
        BufferedImage product = noise(productWidth, productHeight, 4);
        float[] garment = TryOnPreprocessing.toChw(TryOnPreprocessing.fitIntoBox(product, box));

        DemoModelSession.Output output = model.run(
                TryOnPreprocessing.toChw(noise(width, height, 5)), width, height, garment, box);

        assertThat(output.shape()).containsExactly(1, 3, height, width);
        assertThat(TryOnPreprocessing.fromChw(output.values(), width, height).getWidth()).isEqualTo(width);
    }

    private static long[] shape(NodeInfo info) {
        return ((TensorInfo) info.getInfo()).getShape();
    }
}
