package ai.induo.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.induo.common.crypto.kms.KmsMasterKey;
import ai.induo.common.crypto.kms.KmsStandIn;
import com.google.cloud.kms.v1.CryptoKeyName;
import io.grpc.Status;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The keyring with its master key in KMS: KMS calls are counted on the stand-in. */
class AccountKeyringOverKmsTest {

    private static final CryptoKeyName KEY = CryptoKeyName.of("induo-prod", "europe-west4", "induo", "master");
    private static final Duration CACHE_TTL = Duration.ofMinutes(5);
    /** Room for a first call over a new channel on a busy test machine. */
    private static final Duration KMS_TIMEOUT = Duration.ofSeconds(3);
    /** For calls the stand-in holds back while callers gather. */
    private static final Duration HELD_CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final int CALLERS = 8;

    private final InMemoryAccountKeyStore store = new InMemoryAccountKeyStore();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private KmsStandIn kms;
    private KmsMasterKey master;

    @BeforeEach
    void start() throws IOException {
        kms = KmsStandIn.start();
        kms.createKey(KEY);
        master = KmsMasterKey.connect(KEY, Optional.of(kms.endpoint()), KMS_TIMEOUT);
    }

    @AfterEach
    void stop() throws InterruptedException {
        master.close();
        kms.close();
    }

    @Test
    void creatingAKeyWrapsItOnceAndNeedsNoDecryptWhileCached() {
        AccountKeyring keyring = new AccountKeyring(master, store, CACHE_TTL, clock);

        AccountKey key = keyring.currentKey("acct_1");
        keyring.currentKey("acct_1");
        keyring.key(key.accountId(), key.keyId());

        assertThat(kms.encryptCalls()).isEqualTo(1);
        assertThat(kms.decryptCalls()).isZero();
        assertThat(store.findById(key.keyId()).orElseThrow().masterKeyId()).isEqualTo(master.id() + ".v1");
    }

    @Test
    void anotherProcessDecryptsEachAccountKeyOncePerCacheTtl() {
        AccountKey key = new AccountKeyring(master, store, CACHE_TTL, clock).currentKey("acct_1");
        AccountKeyring otherProcess = new AccountKeyring(master, store, CACHE_TTL, clock);

        otherProcess.key(key.accountId(), key.keyId());
        otherProcess.key(key.accountId(), key.keyId());
        otherProcess.currentKey("acct_1");
        clock.advance(CACHE_TTL.minusSeconds(1));
        otherProcess.currentKey("acct_1");
        otherProcess.key(key.accountId(), key.keyId());

        assertThat(kms.decryptCalls()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        otherProcess.key(key.accountId(), key.keyId());
        otherProcess.currentKey("acct_1");

        assertThat(kms.decryptCalls()).isEqualTo(2);
    }

    @Test
    void callersMissingOneAccountKeyAtOnceCauseOneKmsDecrypt() throws Exception {
        AccountKey key = new AccountKeyring(master, store, CACHE_TTL, clock).currentKey("acct_1");
        try (KmsMasterKey patient = KmsMasterKey.connect(KEY, Optional.of(kms.endpoint()), HELD_CALL_TIMEOUT)) {
            AccountKeyring otherProcess = new AccountKeyring(patient, store, CACHE_TTL, clock);
            kms.holdAnswers();

            ConcurrentCalls<AccountKey> calls = ConcurrentCalls.start(CALLERS, () -> otherProcess.key("acct_1", key.keyId()));
            calls.awaitAllParked();
            kms.recover();

            assertThat(calls.results()).hasSize(CALLERS).extracting(AccountKey::keyId).containsOnly(key.keyId());
        }
        assertThat(kms.decryptCalls()).isEqualTo(1);
    }

    @Test
    void callersEncryptingForANewAccountAtOnceCreateOneKeyWithOneKmsEncrypt() throws Exception {
        try (KmsMasterKey patient = KmsMasterKey.connect(KEY, Optional.of(kms.endpoint()), HELD_CALL_TIMEOUT)) {
            AccountKeyring keyring = new AccountKeyring(patient, store, CACHE_TTL, clock);
            kms.holdAnswers();

            ConcurrentCalls<AccountKey> calls = ConcurrentCalls.start(CALLERS, () -> keyring.currentKey("acct_new"));
            calls.awaitAllParked();
            kms.recover();

            assertThat(calls.results()).hasSize(CALLERS).extracting(AccountKey::keyId).containsOnly(
                    store.findActive("acct_new").orElseThrow().keyId());
        }
        assertThat(kms.encryptCalls()).isEqualTo(1);
    }

    @Test
    void keyCopiedToAnotherAccountDoesNotUnwrap() {
        AccountKey key = new AccountKeyring(master, store, CACHE_TTL, clock).currentKey("acct_a");
        StoredAccountKey stored = store.findById(key.keyId()).orElseThrow();
        InMemoryAccountKeyStore otherStore = new InMemoryAccountKeyStore();
        otherStore.insert(new StoredAccountKey(key.keyId(), "acct_b", stored.masterKeyId(), stored.wrappedKey(),
                clock.instant(), null));

        assertThatThrownBy(() -> new AccountKeyring(master, otherStore, CACHE_TTL, clock).currentKey("acct_b"))
                .isInstanceOf(KeyUnavailableException.class)
                .isNotInstanceOf(MasterKeyUnavailableException.class)
                .hasMessageContaining("cannot be unwrapped");
    }

    @Test
    void anotherAccountsKeyIsRefusedWithoutAskingKms() {
        AccountKey key = new AccountKeyring(master, store, CACHE_TTL, clock).currentKey("acct_a");
        AccountKeyring otherProcess = new AccountKeyring(master, store, CACHE_TTL, clock);

        assertThatThrownBy(() -> otherProcess.key("acct_b", key.keyId())).isInstanceOf(KeyUnavailableException.class);

        assertThat(kms.decryptCalls()).isZero();
    }

    @Test
    void whileKmsIsDownCachedKeysServeAndOthersAreUnavailableUntilItIsBack() {
        AccountKeyring keyring = new AccountKeyring(master, store, CACHE_TTL, clock);
        AccountKey cached = keyring.currentKey("acct_1");
        AccountKey other = new AccountKeyring(master, store, CACHE_TTL, clock).currentKey("acct_2");

        kms.failEveryCallWith(Status.UNAVAILABLE);

        assertThat(keyring.key(cached.accountId(), cached.keyId()).keyId()).isEqualTo(cached.keyId());
        assertThatThrownBy(() -> keyring.key(other.accountId(), other.keyId()))
                .isInstanceOf(MasterKeyUnavailableException.class);
        assertThatThrownBy(() -> keyring.currentKey("acct_3")).isInstanceOf(MasterKeyUnavailableException.class);

        kms.recover();

        assertThat(keyring.key(other.accountId(), other.keyId()).keyId()).isEqualTo(other.keyId());
        assertThat(keyring.currentKey("acct_3").accountId()).isEqualTo("acct_3");
    }
}
