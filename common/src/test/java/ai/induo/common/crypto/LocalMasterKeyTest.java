package ai.induo.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMasterKeyTest {

    private static final String KEY_BASE64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final byte[] SECRET = "a 32 byte account key material!!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTEXT = "acct_1:akey_1".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void idIsDerivedFromTheKeyWithoutRevealingIt() {
        LocalMasterKey key = LocalMasterKey.fromBase64(KEY_BASE64);

        // SHA-256 of the bytes 0x00..0x1f starts with 630dcd2966c43366.
        assertThat(key.id()).isEqualTo("mk_630dcd2966c43366");
        assertThat(LocalMasterKey.fromBase64(KEY_BASE64).id()).isEqualTo(key.id());
        assertThat(LocalMasterKey.generate().id()).matches("mk_[0-9a-f]{16}").isNotEqualTo(key.id());
    }

    @Test
    void wrappedKeyUnwrapsWithTheSameKeyAndContext() throws DecryptionException {
        LocalMasterKey key = LocalMasterKey.generate();

        WrappedSecret wrapped = key.wrap(SECRET, CONTEXT);

        assertThat(wrapped.masterKeyId()).isEqualTo(key.id());
        assertThat(wrapped.ciphertext()).hasSize(12 + SECRET.length + 16);
        assertThat(key.unwrap(wrapped, CONTEXT)).isEqualTo(SECRET);
    }

    @Test
    void wrappingTwiceGivesDifferentBytes() {
        LocalMasterKey key = LocalMasterKey.generate();

        assertThat(key.wrap(SECRET, CONTEXT)).isNotEqualTo(key.wrap(SECRET, CONTEXT));
    }

    @Test
    void anotherMasterKeyCannotUnwrap() {
        WrappedSecret wrapped = LocalMasterKey.generate().wrap(SECRET, CONTEXT);
        LocalMasterKey other = LocalMasterKey.generate();

        assertThat(other.opens(wrapped.masterKeyId())).isFalse();
        assertThatThrownBy(() -> other.unwrap(wrapped, CONTEXT))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining(wrapped.masterKeyId());
        assertThatThrownBy(() -> other.unwrap(new WrappedSecret(other.id(), wrapped.ciphertext()), CONTEXT))
                .isInstanceOf(DecryptionException.class);
    }

    @Test
    void wrappedKeyDoesNotUnwrapInAnotherContext() {
        LocalMasterKey key = LocalMasterKey.generate();
        WrappedSecret wrapped = key.wrap(SECRET, CONTEXT);

        assertThatThrownBy(() -> key.unwrap(wrapped, "acct_2:akey_1".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DecryptionException.class);
    }

    @Test
    void alteredWrappedKeyDoesNotUnwrap() {
        LocalMasterKey key = LocalMasterKey.generate();
        byte[] ciphertext = key.wrap(SECRET, CONTEXT).ciphertext();
        ciphertext[20] ^= 1;

        assertThatThrownBy(() -> key.unwrap(new WrappedSecret(key.id(), ciphertext), CONTEXT))
                .isInstanceOf(DecryptionException.class);
    }

    @Test
    void keyOfTheWrongLengthIsRejectedWithoutShowingIt() {
        String shortKey = Base64.getEncoder().encodeToString("sixteen byte key".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> LocalMasterKey.fromBase64(shortKey))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes")
                .hasMessageContaining("got 16 bytes")
                .message().doesNotContain(shortKey).doesNotContain("sixteen");
    }

    @Test
    void textThatIsNotBase64IsRejectedWithoutShowingIt() {
        assertThatThrownBy(() -> LocalMasterKey.fromBase64("not-base64-secret!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base64")
                .message().doesNotContain("secret");
    }

    @Test
    void keyFileHoldsBase64TextWithATrailingNewline() throws IOException {
        Path file = dir.resolve("master.key");
        Files.writeString(file, KEY_BASE64 + "\n");

        assertThat(LocalMasterKey.fromFile(file).id()).isEqualTo("mk_630dcd2966c43366");
    }

    @Test
    void keyFileOfTheWrongLengthNamesTheFileNotTheKey() throws IOException {
        Path file = dir.resolve("master.key");
        String tooLong = Base64.getEncoder().encodeToString(new byte[48]);
        Files.writeString(file, tooLong);

        assertThatThrownBy(() -> LocalMasterKey.fromFile(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("got 48 bytes")
                .message().doesNotContain(tooLong);
    }

    @Test
    void toStringShowsOnlyTheId() {
        LocalMasterKey key = LocalMasterKey.fromBase64(KEY_BASE64);

        assertThat(key).hasToString("LocalMasterKey[mk_630dcd2966c43366]");
    }
}
