package ai.induo.common.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.induo.common.crypto.DecryptionException;
import ai.induo.common.crypto.LocalMasterKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SafetyCipherTest {

    private static final byte[] IMAGE = "pretend png bytes".getBytes(StandardCharsets.UTF_8);
    private static final String NAME = "safety/case_1/person.png";

    private final SafetyCipher cipher = new SafetyCipher(LocalMasterKey.generate());

    @Test
    void sealedImageOpensUnderItsName() throws Exception {
        byte[] sealed = cipher.seal(NAME, IMAGE);

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(new String(IMAGE, StandardCharsets.ISO_8859_1));
        assertThat(cipher.open(NAME, sealed)).isEqualTo(IMAGE);
    }

    @Test
    void anotherKeyDoesNotOpenIt() throws Exception {
        byte[] sealed = cipher.seal(NAME, IMAGE);

        assertThatThrownBy(() -> new SafetyCipher(LocalMasterKey.generate()).open(NAME, sealed))
                .isInstanceOf(DecryptionException.class);
    }

    @Test
    void copyUnderAnotherNameDoesNotOpen() throws Exception {
        byte[] sealed = cipher.seal(NAME, IMAGE);

        assertThatThrownBy(() -> cipher.open("safety/case_2/person.png", sealed)).isInstanceOf(DecryptionException.class);
    }

    @Test
    void changedOrTruncatedObjectDoesNotOpen() throws Exception {
        byte[] sealed = cipher.seal(NAME, IMAGE);
        byte[] changed = sealed.clone();
        changed[changed.length - 1] ^= 1;

        assertThatThrownBy(() -> cipher.open(NAME, changed)).isInstanceOf(DecryptionException.class);
        assertThatThrownBy(() -> cipher.open(NAME, Arrays.copyOf(sealed, 10)))
                .isInstanceOf(DecryptionException.class);
        assertThatThrownBy(() -> cipher.open(NAME, IMAGE)).isInstanceOf(DecryptionException.class);
    }
}
