package ai.induo.worker.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.induo.model.BundledDemoModel;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelSourceTest {

    private static final String SHA256 = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";
    private static final Path MODEL = Path.of("/models/tryon.onnx");

    @Test
    void withoutAPathTheBundledDemoModelIsUsedWithItsPublishedChecksum() {
        ModelSource source = ModelSource.of(Optional.empty(), Optional.empty());

        assertThat(source).isInstanceOf(ModelSource.BundledDemo.class);
        assertThat(source.expectedSha256()).isEqualTo(BundledDemoModel.sha256());
    }

    @Test
    void aPathWithItsChecksumNamesThatFile() {
        ModelSource source = ModelSource.of(Optional.of(MODEL), Optional.of(SHA256));

        assertThat(source).isEqualTo(new ModelSource.ModelFile(MODEL, SHA256.toLowerCase()));
    }

    @Test
    void aPathWithoutAChecksumIsRefused() {
        assertThatThrownBy(() -> ModelSource.of(Optional.of(MODEL), Optional.empty()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("induo.worker.model.sha256");
    }

    @Test
    void aChecksumWithoutAPathIsRefused() {
        assertThatThrownBy(() -> ModelSource.of(Optional.empty(), Optional.of(SHA256)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("induo.worker.model.path");
    }

    @Test
    void aChecksumThatIsNotASha256IsRefused() {
        assertThatThrownBy(() -> ModelSource.file(MODEL, "md5:abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 hexadecimal digits");
    }
}
