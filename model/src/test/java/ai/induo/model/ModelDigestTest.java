package ai.induo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelDigestTest {

    private static final String ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void digestsBytesAndStreamsAlike() throws IOException {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);

        assertThat(ModelDigest.sha256Hex(abc)).isEqualTo(ABC_SHA256);
        assertThat(ModelDigest.sha256Hex(new ByteArrayInputStream(abc))).isEqualTo(ABC_SHA256);
    }

    @Test
    void acceptsUpperCaseAndSurroundingBlanksInAConfiguredChecksum() {
        assertThat(ModelDigest.normalizeSha256Hex(" " + ABC_SHA256.toUpperCase() + "\n")).isEqualTo(ABC_SHA256);
    }

    @Test
    void rejectsSomethingThatIsNotASha256() {
        assertThatThrownBy(() -> ModelDigest.normalizeSha256Hex("abc123"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 hexadecimal digits");
    }
}
