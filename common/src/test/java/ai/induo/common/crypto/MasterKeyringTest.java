package ai.induo.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MasterKeyringTest {

    private static final byte[] SECRET = "a 32 byte account key material!!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTEXT = "acct_1:akey_1".getBytes(StandardCharsets.UTF_8);

    private final LocalMasterKey current = LocalMasterKey.generate();
    private final LocalMasterKey previous = LocalMasterKey.generate();
    private final MasterKeyring ring = new MasterKeyring(current, List.of(previous));

    @Test
    void aRingOfLocalKeysIsKeptLocally() {
        assertThat(current.locations()).containsExactly("local");
        assertThat(ring.locations()).containsExactly("local");
    }

    @Test
    void everythingNewIsWrappedByTheCurrentKey() throws DecryptionException {
        WrappedSecret wrapped = ring.wrap(SECRET, CONTEXT);

        assertThat(ring.id()).isEqualTo(current.id());
        assertThat(wrapped.masterKeyId()).isEqualTo(current.id());
        assertThat(current.unwrap(wrapped, CONTEXT)).isEqualTo(SECRET);
    }

    @Test
    void whatEitherKeyWrappedOpens() throws DecryptionException {
        assertThat(ring.unwrap(previous.wrap(SECRET, CONTEXT), CONTEXT)).isEqualTo(SECRET);
        assertThat(ring.unwrap(current.wrap(SECRET, CONTEXT), CONTEXT)).isEqualTo(SECRET);
        assertThat(ring.opens(previous.id())).isTrue();
        assertThat(ring.opens(current.id())).isTrue();
    }

    @Test
    void whatAnUnconfiguredKeyWrappedDoesNotOpenAndTheMessageSaysWhy() {
        WrappedSecret retiredTooEarly = LocalMasterKey.generate().wrap(SECRET, CONTEXT);

        assertThat(ring.opens(retiredTooEarly.masterKeyId())).isFalse();
        assertThatThrownBy(() -> ring.unwrap(retiredTooEarly, CONTEXT))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining(retiredTooEarly.masterKeyId())
                .hasMessageContaining("induo.crypto.previous-master-keys");
    }

    @Test
    void theContextStillBindsWhatAPreviousKeyWrapped() {
        WrappedSecret wrapped = previous.wrap(SECRET, CONTEXT);

        assertThatThrownBy(() -> ring.unwrap(wrapped, "acct_2:akey_1".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DecryptionException.class);
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        assertThatThrownBy(() -> new MasterKeyring(current, List.of(current)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(current.id());
        assertThatThrownBy(() -> new MasterKeyring(current, List.of(previous, previous)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
