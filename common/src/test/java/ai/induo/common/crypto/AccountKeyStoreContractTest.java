package ai.induo.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link AccountKeyStore} adapter promises. An adapter's test extends this class
 * and supplies a fresh, empty store.
 */
public abstract class AccountKeyStoreContractTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    protected AccountKeyStore store;

    /** A new store with no keys. */
    protected abstract AccountKeyStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    @Test
    void insertedKeyIsFoundByIdWithItsWrappedMaterial() {
        StoredAccountKey key = key("akey_1", "acct_1", T0);

        store.insert(key);

        assertThat(store.findById("akey_1")).contains(key);
        assertThat(store.findById("akey_1").orElseThrow().wrappedKey()).isEqualTo(key.wrappedKey());
    }

    @Test
    void unknownKeyIsNotFound() {
        assertThat(store.findById("akey_missing")).isEmpty();
        assertThat(store.findActive("acct_missing")).isEmpty();
    }

    @Test
    void activeKeyIsTheAccountsNewest() {
        store.insert(key("akey_old", "acct_1", T0));
        store.insert(key("akey_new", "acct_1", T0.plus(Duration.ofDays(1))));
        store.insert(key("akey_other", "acct_2", T0.plus(Duration.ofDays(2))));

        assertThat(store.findActive("acct_1")).map(StoredAccountKey::keyId).contains("akey_new");
        assertThat(store.findActive("acct_2")).map(StoredAccountKey::keyId).contains("akey_other");
    }

    @Test
    void destroyingAnAccountDestroysAllItsKeysAndTheirMaterial() {
        Instant destroyedAt = T0.plus(Duration.ofDays(3));
        store.insert(key("akey_old", "acct_1", T0));
        store.insert(key("akey_new", "acct_1", T0.plus(Duration.ofDays(1))));
        store.insert(key("akey_other", "acct_2", T0));

        store.markDestroyed("acct_1", destroyedAt);

        assertThat(store.findActive("acct_1")).isEmpty();
        for (String keyId : new String[] {"akey_old", "akey_new"}) {
            StoredAccountKey destroyed = store.findById(keyId).orElseThrow();
            assertThat(destroyed.destroyedAt()).isEqualTo(destroyedAt);
            assertThat(destroyed.wrappedKey()).isNull();
        }
        assertThat(store.findActive("acct_2")).map(StoredAccountKey::keyId).contains("akey_other");
    }

    @Test
    void destroyingTwiceKeepsTheFirstDestructionTime() {
        store.insert(key("akey_1", "acct_1", T0));
        store.markDestroyed("acct_1", T0.plusSeconds(10));

        store.markDestroyed("acct_1", T0.plusSeconds(20));

        assertThat(store.findById("akey_1").orElseThrow().destroyedAt()).isEqualTo(T0.plusSeconds(10));
    }

    private static StoredAccountKey key(String keyId, String accountId, Instant createdAt) {
        byte[] wrapped = {1, 2, 3, (byte) keyId.length()};
        return new StoredAccountKey(keyId, accountId, "mk_0123456789abcdef", wrapped, createdAt, null);
    }
}
