package ai.induo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoOpModelBuilderTest {

    private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();

    @Test
    void buildsTheSameBytesEveryTime() {
        assertThat(NoOpModelBuilder.build()).isEqualTo(NoOpModelBuilder.build());
    }

    @Test
    void declaresTheContractInputsAndOutputWithADynamicBatch() throws OrtException {
        try (OrtSession session = ENVIRONMENT.createSession(NoOpModelBuilder.build())) {
            Map<String, NodeInfo> inputs = session.getInputInfo();

            assertThat(inputs).containsOnlyKeys("person", "garment", "placement");
            assertThat(session.getOutputInfo()).containsOnlyKeys("output");
            assertThat(shape(inputs.get("person"))).containsExactly(-1, 3, -1, -1);
            assertThat(shape(inputs.get("garment"))).containsExactly(-1, 3, -1, -1);
            assertThat(shape(inputs.get("placement"))).containsExactly(8);
            assertThat(shape(session.getOutputInfo().get("output"))).containsExactly(-1, 3, -1, -1);
        }
    }

    @Test
    void outputIsThePersonBatchBitForBit() throws OrtException {
        int batch = 2;
        int height = 6;
        int width = 4;
        float[] person = new float[batch * 3 * height * width];
        Random random = new Random(7);
        for (int i = 0; i < person.length; i++) {
            person[i] = random.nextFloat();
        }
        TorsoBox box = TryOnPreprocessing.torsoBox(width, height);
        long[] placement = TryOnPreprocessing.placement(box, width, height);
        try (OrtSession session = ENVIRONMENT.createSession(NoOpModelBuilder.build());
                OnnxTensor personTensor = OnnxTensor.createTensor(ENVIRONMENT, FloatBuffer.wrap(person),
                        new long[] {batch, 3, height, width});
                OnnxTensor garmentTensor = OnnxTensor.createTensor(ENVIRONMENT,
                        FloatBuffer.allocate(batch * 3 * box.height() * box.width()),
                        new long[] {batch, 3, box.height(), box.width()});
                OnnxTensor placementTensor = OnnxTensor.createTensor(ENVIRONMENT, LongBuffer.wrap(placement),
                        new long[] {placement.length});
                OrtSession.Result result = session.run(Map.of("person", personTensor, "garment", garmentTensor,
                        "placement", placementTensor))) {
            OnnxTensor output = (OnnxTensor) result.get("output").orElseThrow();
            float[] values = new float[person.length];
            output.getFloatBuffer().get(values);

            assertThat(output.getInfo().getShape()).containsExactly(batch, 3, height, width);
            assertThat(values).containsExactly(person);
        }
    }

    @Test
    void writeLeavesTheModelAndAChecksumFileInSha256sumFormat(@TempDir Path directory) throws IOException {
        NoOpModelBuilder.main(new String[] {directory.resolve("nested").toString()});

        byte[] model = Files.readAllBytes(directory.resolve("nested/induo-noop.onnx"));
        assertThat(model).isEqualTo(NoOpModelBuilder.build());
        assertThat(Files.readString(directory.resolve("nested/induo-noop.onnx.sha256"), StandardCharsets.US_ASCII))
                .isEqualTo(ModelDigest.sha256Hex(model) + "  induo-noop.onnx\n");
    }


    private static long[] shape(NodeInfo info) {
        return ((TensorInfo) info.getInfo()).getShape();
    }
}
