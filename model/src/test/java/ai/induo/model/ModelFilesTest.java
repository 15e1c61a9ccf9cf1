package ai.induo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

    private static final byte[] MODEL = {1, 2, 3};

    @Test
    void theModelIsWrittenWithItsChecksumInSha256sumFormatCreatingTheDirectory(@TempDir Path directory) throws IOException {
        Path written = ModelFiles.writeFromCommandLine("SomeBuilder", new String[] {directory.resolve("nested").toString()},
                "some.onnx", () -> MODEL);

        assertThat(written).isEqualTo(directory.resolve("nested/some.onnx"));
        assertThat(Files.readAllBytes(written)).isEqualTo(MODEL);
        assertThat(Files.readString(directory.resolve("nested/some.onnx.sha256"), StandardCharsets.US_ASCII))
                .isEqualTo(ModelDigest.sha256Hex(MODEL) + "  some.onnx\n");
    }

    @Test
    void aCommandLineWithoutExactlyOneDirectoryGetsTheUsageAndBuildsNothing() {
        for (String[] args : new String[][] {{}, {"a", "b"}}) {
            assertThatThrownBy(() -> ModelFiles.writeFromCommandLine("SomeBuilder", args, "some.onnx", () -> {
                throw new AssertionError("built without a directory");
            })).isInstanceOf(IllegalArgumentException.class).hasMessage("Usage: SomeBuilder <output directory>");
        }
    }
}
