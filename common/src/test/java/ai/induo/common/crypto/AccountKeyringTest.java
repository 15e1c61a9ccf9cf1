package ai.induo.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.induo.common.id.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AccountKeyringTest {

    private static final Duration CACHE_TTL = Duration.ofMinutes(5);
    private static final byte[] DATA_KEY = new byte[32];
    private static final byte[] CONTEXT = "object".getBytes(StandardCharsets.UTF_8);

    private final MasterKey master = LocalMasterKey.generate();
    private final InMemoryAccountKeyStore store = new InMemoryAccountKeyStore();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AccountKeyring keyring = new AccountKeyring(master, store, CACHE_TTL, clock);

    @Test
    void firstUseCreatesAndStoresAWrappedKey() {
        AccountKey key = keyring.currentKey("acct_1");

        assertThat(Ids.isValid(Ids.ACCOUNT_KEY, key.keyId())).as(key.keyId()).isTrue();
        assertThat(key.accountId()).isEqualTo("acct_1");
        StoredAccountKey stored = store.findById(key.keyId()).orElseThrow();
        assertThat(stored.accountId()).isEqualTo("acct_1");
        assertThat(stored.masterKeyId()).isEqualTo(master.id());
        assertThat(stored.createdAt()).isEqualTo(clock.instant());
        assertThat(stored.destroyedAt()).isNull();
        assertThat(stored.wrappedKey()).hasSize(12 + 32 + 16);
    }

    @Test
    void laterCallsReuseTheAccountsKey() {
        AccountKey first = keyring.currentKey("acct_1");

        AccountKeyring otherProcess = new AccountKeyring(master, store, CACHE_TTL, clock);

        assertThat(keyring.currentKey("acct_1").keyId()).isEqualTo(first.keyId());
        assertThat(otherProcess.currentKey("acct_1").keyId()).isEqualTo(first.keyId());
        assertThat(keyring.currentKey("acct_2").keyId()).isNotEqualTo(first.keyId());
    }

    @Test
    void keyLoadedByIdInAnotherProcessOpensWhatTheFirstWrapped() throws DecryptionException {
        AccountKey key = keyring.currentKey("acct_1");
        byte[] wrapped = key.wrap(DATA_KEY, CONTEXT);

        AccountKey loaded = new AccountKeyring(master, store, CACHE_TTL, clock).key(key.accountId(), key.keyId());

        assertThat(loaded.accountId()).isEqualTo("acct_1");
        assertThat(loaded.unwrap(wrapped, CONTEXT)).isEqualTo(DATA_KEY);
    }

    @Test
    void unknownKeyIsUnavailable() {
        assertThatThrownBy(() -> keyring.key("acct_1", "akey_unknown"))
                .isInstanceOf(KeyUnavailableException.class)
                .hasMessageContaining("akey_unknown");
    }

    @Test
    void destroyedAccountKeysAreUnavailable() {
        AccountKey key = keyring.currentKey("acct_1");

        keyring.destroy("acct_1");

        assertThatThrownBy(() -> keyring.key(key.accountId(), key.keyId()))
                .isInstanceOf(KeyUnavailableException.class)
                .hasMessageContaining("destroyed");
        assertThat(store.findById(key.keyId()).orElseThrow().wrappedKey()).isNull();
    }

    @Test
    void anErasedAccountGetsNoNewKeyInThisProcessOrAnother() {
        keyring.currentKey("acct_1");
        AccountKeyring otherProcess = new AccountKeyring(master, store, Duration.ZERO, clock);

        keyring.destroy("acct_1");

        assertThatThrownBy(() -> keyring.currentKey("acct_1"))
                .isInstanceOf(KeyUnavailableException.class).hasMessageContaining("erased");
        assertThatThrownBy(() -> otherProcess.currentKey("acct_1")).isInstanceOf(KeyUnavailableException.class);
        assertThatThrownBy(() -> keyring.rotate("acct_1")).isInstanceOf(KeyUnavailableException.class);
        assertThat(store.findActive("acct_1")).isEmpty();
    }

    @Test
    void destroyingOneAccountLeavesOthersReadable() {
        keyring.currentKey("acct_1");
        AccountKey other = keyring.currentKey("acct_2");

        keyring.destroy("acct_1");

        assertThat(new AccountKeyring(master, store, CACHE_TTL, clock).key(other.accountId(), other.keyId()))
                .extracting(AccountKey::keyId).isEqualTo(other.keyId());
    }

    @Test
    void anotherProcessForgetsADestroyedKeyWithinItsCacheTtl() {
        AccountKey key = keyring.currentKey("acct_1");
        AccountKeyring otherProcess = new AccountKeyring(master, store, CACHE_TTL, clock);
        otherProcess.key(key.accountId(), key.keyId());

        keyring.destroy("acct_1");

        assertThat(otherProcess.key(key.accountId(), key.keyId()).keyId()).isEqualTo(key.keyId());
        clock.advance(CACHE_TTL);
        assertThatThrownBy(() -> otherProcess.key(key.accountId(), key.keyId()))
                .isInstanceOf(KeyUnavailableException.class);
    }

    @Test
    void withoutCachingEveryLookupSeesTheStore() {
        AccountKeyring uncached = new AccountKeyring(master, store, Duration.ZERO, clock);
        AccountKey key = uncached.currentKey("acct_1");
        uncached.key(key.accountId(), key.keyId());

        store.markDestroyed("acct_1", clock.instant());

        assertThatThrownBy(() -> uncached.key(key.accountId(), key.keyId()))
                .isInstanceOf(KeyUnavailableException.class);
    }

    @Test
    void keyWrappedForOneAccountDoesNotOpenForAnother() {
        AccountKey key = keyring.currentKey("acct_a");
        StoredAccountKey stored = store.findById(key.keyId()).orElseThrow();
        store.insert(new StoredAccountKey("akey_copied", "acct_b", stored.masterKeyId(), stored.wrappedKey(),
                clock.instant(), null));
        InMemoryAccountKeyStore otherStore = new InMemoryAccountKeyStore();
        otherStore.insert(new StoredAccountKey(key.keyId(), "acct_b", stored.masterKeyId(), stored.wrappedKey(),
                clock.instant(), null));

        assertThatThrownBy(() -> keyring.currentKey("acct_b"))
                .isInstanceOf(KeyUnavailableException.class)
                .hasMessageContaining("cannot be unwrapped");
        assertThatThrownBy(() -> new AccountKeyring(master, otherStore, CACHE_TTL, clock).key("acct_b", key.keyId()))
                .isInstanceOf(KeyUnavailableException.class)
                .hasMessageContaining("cannot be unwrapped");
    }

    @Test
    void anotherAccountsKeyIsRefusedWhetherCachedOrNot() {
        AccountKey key = keyring.currentKey("acct_a");

        assertThatThrownBy(() -> keyring.key("acct_b", key.keyId()))
                .isInstanceOf(KeyUnavailableException.class)
                .isNotInstanceOf(MasterKeyUnavailableException.class)
                .hasMessageContaining("is not a key of account acct_b");
        assertThatThrownBy(() -> new AccountKeyring(master, store, CACHE_TTL, clock).key("acct_b", key.keyId()))
                .isInstanceOf(KeyUnavailableException.class)
                .hasMessageContaining("is not a key of account acct_b");
    }

    @Test
    void aProcessWithAnotherMasterKeyCannotUseTheKeys() {
        AccountKey key = keyring.currentKey("acct_1");
        AccountKeyring wrongMaster = new AccountKeyring(LocalMasterKey.generate(), store, CACHE_TTL, clock);

        assertThatThrownBy(() -> wrongMaster.key(key.accountId(), key.keyId()))
                .isInstanceOf(KeyUnavailableException.class)
                .hasMessageContaining(master.id());
    }

    @Test
    void rotationMakesANewCurrentKeyAndKeepsTheOldOneReadable() {
        AccountKey old = keyring.currentKey("acct_1");
        clock.advance(Duration.ofDays(90));

        AccountKey rotated = keyring.rotate("acct_1");

        assertThat(rotated.keyId()).isNotEqualTo(old.keyId());
        assertThat(keyring.currentKey("acct_1").keyId()).isEqualTo(rotated.keyId());
        assertThat(new AccountKeyring(master, store, CACHE_TTL, clock).currentKey("acct_1").keyId())
                .isEqualTo(rotated.keyId());
        assertThat(new AccountKeyring(master, store, CACHE_TTL, clock).key(old.accountId(), old.keyId()).keyId())
                .isEqualTo(old.keyId());
    }

    @Test
    void processesRacingToCreateAKeyAllUseStoredKeys()
            throws InterruptedException, ExecutionException, DecryptionException {
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<AccountKey>> calls = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            AccountKeyring process = new AccountKeyring(master, store, CACHE_TTL, clock);
            calls.add(() -> {
                start.await();
                return process.currentKey("acct_1");
            });
        }
        try {
            List<Future<AccountKey>> results = new ArrayList<>();
            for (Callable<AccountKey> call : calls) {
                results.add(pool.submit(call));
            }
            start.countDown();
            AccountKeyring reader = new AccountKeyring(master, store, Duration.ZERO, clock);
            for (Future<AccountKey> result : results) {
                AccountKey key = result.get();
                assertThat(store.findById(key.keyId())).isPresent();
                assertThat(reader.key(key.accountId(), key.keyId()).unwrap(key.wrap(DATA_KEY, CONTEXT), CONTEXT))
                        .isEqualTo(DATA_KEY);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keysNeverShowTheirMaterial() {
        AccountKey key = keyring.currentKey("acct_1");

        assertThat(key.toString()).isEqualTo("AccountKey[keyId=" + key.keyId() + ", accountId=acct_1]");
        assertThat(store.findById(key.keyId()).orElseThrow().toString()).doesNotContain("wrappedKey");
    }

    @Test
    void negativeCacheTtlIsRejected() {
        assertThatThrownBy(() -> new AccountKeyring(master, store, Duration.ofSeconds(-1), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
