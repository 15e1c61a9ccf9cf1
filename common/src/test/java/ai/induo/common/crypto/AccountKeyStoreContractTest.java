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
    void anAccountWithADestroyedKeyIsToldApartFromOneWithout() {
        store.insert(key("akey_1", "acct_1", T0));
        store.insert(key("akey_2", "acct_2", T0));

        store.markDestroyed("acct_1", T0.plusSeconds(10));

        assertThat(store.anyDestroyed("acct_1")).isTrue();
        assertThat(store.anyDestroyed("acct_2")).isFalse();
        assertThat(store.anyDestroyed("acct_missing")).isFalse();
    }

    @Test
    void destroyingTwiceKeepsTheFirstDestructionTime() {
        store.insert(key("akey_1", "acct_1", T0));
        store.markDestroyed("acct_1", T0.plusSeconds(10));

        store.markDestroyed("acct_1", T0.plusSeconds(20));

        assertThat(store.findById("akey_1").orElseThrow().destroyedAt()).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void everyKeyIsListedOnceInKeyIdOrderPageByPage() {
        store.insert(key("akey_3", "acct_1", T0));
        store.insert(key("akey_1", "acct_2", T0));
        store.insert(key("akey_2", "acct_1", T0));
        store.markDestroyed("acct_2", T0);

        assertThat(store.listAfter(null, 2)).extracting(StoredAccountKey::keyId).containsExactly("akey_1", "akey_2");
        assertThat(store.listAfter("akey_2", 2)).extracting(StoredAccountKey::keyId).containsExactly("akey_3");
        assertThat(store.listAfter("akey_3", 2)).isEmpty();
        assertThat(store.listAfter(null, 5).get(0).isDestroyed()).isTrue();
    }

    @Test
    void wrappedMaterialIsReplacedOnlyWhereItIsStillTheExpectedOne() {
        StoredAccountKey key = key("akey_1", "acct_1", T0);
        store.insert(key);
        WrappedSecret rewrapped = new WrappedSecret("mk_fedcba9876543210", new byte[] {9, 8, 7});

        assertThat(store.replaceWrapped("akey_1", new WrappedSecret(key.masterKeyId(), new byte[] {4}), rewrapped))
                .as("other material").isFalse();
        assertThat(store.replaceWrapped("akey_1", key.wrapped(), rewrapped)).isTrue();
        assertThat(store.findById("akey_1").orElseThrow().wrapped()).isEqualTo(rewrapped);
        assertThat(store.findById("akey_1").orElseThrow().createdAt()).isEqualTo(T0);
        assertThat(store.replaceWrapped("akey_1", key.wrapped(), rewrapped)).as("already replaced").isFalse();
        assertThat(store.replaceWrapped("akey_missing", key.wrapped(), rewrapped)).isFalse();
    }

    @Test
    void aDestroyedKeyGetsNoMaterialBack() {
        StoredAccountKey key = key("akey_1", "acct_1", T0);
        store.insert(key);
        store.markDestroyed("acct_1", T0.plusSeconds(1));

        assertThat(store.replaceWrapped("akey_1", key.wrapped(), new WrappedSecret("mk_fedcba9876543210", new byte[] {1})))
                .isFalse();
        assertThat(store.findById("akey_1").orElseThrow().wrappedKey()).isNull();
    }

    private static StoredAccountKey key(String keyId, String accountId, Instant createdAt) {
        byte[] wrapped = {1, 2, 3, (byte) keyId.length()};
        return new StoredAccountKey(keyId, accountId, "mk_0123456789abcdef", wrapped, createdAt, null);
    }
}
