package ai.induo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoModelBuilderTest {

    @Test
    void buildsTheSameBytesEveryTime() {
        assertThat(DemoModelBuilder.build()).isEqualTo(DemoModelBuilder.build());
    }

    @Test
    void bundledModelIsWhatTheBuilderWritesAndMatchesItsPublishedChecksum() throws IOException {
        byte[] bundled;
        try (InputStream in = BundledDemoModel.open()) {
            bundled = in.readAllBytes();
        }

        assertThat(bundled).isEqualTo(DemoModelBuilder.build());
        assertThat(BundledDemoModel.sha256()).isEqualTo(ModelDigest.sha256Hex(bundled));
    }

    @Test
    void mainWritesTheModelAndAChecksumFileInSha256sumFormat(@TempDir Path directory) throws IOException {
        Path output = directory.resolve("nested");

        DemoModelBuilder.main(new String[] {output.toString()});

        byte[] model = Files.readAllBytes(output.resolve(DemoModelBuilder.FILE_NAME));
        assertThat(model).isEqualTo(DemoModelBuilder.build());
        assertThat(Files.readString(output.resolve(DemoModelBuilder.FILE_NAME + ".sha256"), StandardCharsets.US_ASCII))
                .isEqualTo(ModelDigest.sha256Hex(model) + "  induo-demo-tryon.onnx\n");
    }

}
