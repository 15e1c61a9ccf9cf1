package ai.induo.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.induo.common.crypto.kms.KmsMasterKey;
import ai.induo.common.crypto.kms.KmsStandIn;
import com.google.cloud.kms.v1.CryptoKeyName;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A master-key rotation re-wraps every account key under the current master key: afterwards the
 * records carry its id, everything encrypted before still opens, and the old key (or old KMS key
 * version) can be retired.
 */
class MasterKeyRotationTest {

    private static final Duration CACHE_TTL = Duration.ofMinutes(5);
    private static final CryptoKeyName KMS_KEY = CryptoKeyName.of("induo-prod", "europe-west4", "induo", "master");
    private static final Duration KMS_TIMEOUT = Duration.ofSeconds(10);

    private final InMemoryAccountKeyStore store = new InMemoryAccountKeyStore();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    /** Object key to ciphertext, as the object store would hold them; the account is the key's second part. */
    private final Map<String, byte[]> objects = new LinkedHashMap<>();

    @Test
    void afterMovingToANewLocalKeyEveryAccountKeyCarriesItAndTheOldKeyCanBeRetired() throws IOException {
        LocalMasterKey old = LocalMasterKey.generate();
        encryptFor(old, "acct_1", "acct_2", "acct_3");
        AccountKeyring beforeRotation = new AccountKeyring(old, store, CACHE_TTL, clock);
        beforeRotation.currentKey("acct_erased");
        beforeRotation.destroy("acct_erased");
        LocalMasterKey current = LocalMasterKey.generate();

        MasterKeyRotation.Report report = rotation(new MasterKeyring(current, List.of(old))).run();

        assertThat(report.targetMasterKeyId()).isEqualTo(current.id());
        assertThat(report.complete()).isTrue();
        assertThat(report.outcomes()).containsExactly(new MasterKeyRotation.Outcome("account keys", 3, 0, 0, 0));
        assertThat(liveKeys()).extracting(StoredAccountKey::masterKeyId).containsOnly(current.id()).hasSize(3);
        assertEveryObjectOpensWith(current);
        assertThat(rotation(current).run().outcomes())
                .as("a second run").containsExactly(new MasterKeyRotation.Outcome("account keys", 0, 3, 0, 0));
    }

    @Test
    void afterARotationInKmsEveryAccountKeyIsUnderThePrimaryVersionAndTheOldVersionCanBeDisabled() throws Exception {
        try (KmsStandIn kms = KmsStandIn.start()) {
            kms.createKey(KMS_KEY);
            try (KmsMasterKey master = KmsMasterKey.connect(KMS_KEY, Optional.of(kms.endpoint()), KMS_TIMEOUT)) {
                encryptFor(master, "acct_1", "acct_2");
                WrappedSecret underVersion1 = master.wrap(new byte[32], "probe".getBytes(StandardCharsets.UTF_8));
                kms.rotate(KMS_KEY);

                MasterKeyRotation.Report report = rotation(master).run();

                assertThat(report.targetMasterKeyId()).isEqualTo(master.id() + ".v2");
                assertThat(report.outcomes()).containsExactly(new MasterKeyRotation.Outcome("account keys", 2, 0, 0, 0));
                assertThat(liveKeys()).extracting(StoredAccountKey::masterKeyId).containsOnly(master.id() + ".v2");

                kms.disableVersion(KMS_KEY, 1);

                assertThatThrownBy(() -> master.unwrap(underVersion1, "probe".getBytes(StandardCharsets.UTF_8)))
                        .as("what version 1 still wrapped").isInstanceOf(MasterKeyUnavailableException.class);
                assertEveryObjectOpensWith(master);
            }
        }
    }

    @Test
    void aKeyUnderAMasterKeyThatIsNotConfiguredIsReportedAndLeftAsItIs() throws IOException {
        LocalMasterKey old = LocalMasterKey.generate();
        LocalMasterKey forgotten = LocalMasterKey.generate();
        encryptFor(old, "acct_1");
        encryptFor(forgotten, "acct_2");
        StoredAccountKey left = store.findActive("acct_2").orElseThrow();
        LocalMasterKey current = LocalMasterKey.generate();

        MasterKeyRotation.Report report = rotation(new MasterKeyring(current, List.of(old))).run();

        assertThat(report.complete()).isFalse();
        assertThat(report.outcomes()).containsExactly(new MasterKeyRotation.Outcome("account keys", 1, 0, 0, 1));
        assertThat(store.findActive("acct_1").orElseThrow().masterKeyId()).isEqualTo(current.id());
        assertThat(store.findActive("acct_2")).contains(left);
    }

    @Test
    void aKeyDestroyedWhileTheRotationRunsStaysDestroyed() throws IOException {
        LocalMasterKey old = LocalMasterKey.generate();
        encryptFor(old, "acct_1", "acct_2");
        AccountKeySecrets accountKeys = new AccountKeySecrets(store);
        MasterWrappedStore erasedMeanwhile = new MasterWrappedStore() {
            @Override
            public String name() {
                return accountKeys.name();
            }

            @Override
            public List<MasterWrappedSecret> page(String afterDocumentId, int limit) {
                List<MasterWrappedSecret> page = accountKeys.page(afterDocumentId, limit);
                store.markDestroyed("acct_2", clock.instant());
                return page;
            }

            @Override
            public boolean replace(MasterWrappedSecret secret, WrappedSecret rewrapped) {
                return accountKeys.replace(secret, rewrapped);
            }
        };

        MasterKeyRotation.Report report = new MasterKeyRotation(
                new MasterKeyring(LocalMasterKey.generate(), List.of(old)), List.of(erasedMeanwhile)).run();

        assertThat(report.outcomes()).containsExactly(new MasterKeyRotation.Outcome("account keys", 1, 0, 1, 0));
        assertThat(store.listAfter(null, 10)).filteredOn(StoredAccountKey::isDestroyed).singleElement()
                .satisfies(destroyed -> assertThat(destroyed.wrappedKey()).isNull());
    }

    private MasterKeyRotation rotation(MasterKey masterKey) {
        return new MasterKeyRotation(masterKey, List.of(new AccountKeySecrets(store)));
    }

    /** Encrypts an object for each account, under account keys that {@code master} wraps. */
    private void encryptFor(MasterKey master, String... accountIds) throws IOException {
        EnvelopeCipher cipher = new EnvelopeCipher(new AccountKeyring(master, store, CACHE_TTL, clock));
        for (String accountId : accountIds) {
            String objectKey = "accounts/" + accountId + "/jobs/job_1/output-0";
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            try (OutputStream out = cipher.encryptingStream(accountId, objectKey, sink)) {
                out.write(objectKey.getBytes(StandardCharsets.UTF_8));
            }
            objects.put(objectKey, sink.toByteArray());
        }
    }

    /** Opens every object with a process that has only {@code master}: the other keys are retired. */
    private void assertEveryObjectOpensWith(MasterKey master) throws IOException {
        EnvelopeCipher retired = new EnvelopeCipher(new AccountKeyring(master, store, CACHE_TTL, clock));
        for (Map.Entry<String, byte[]> object : objects.entrySet()) {
            String accountId = object.getKey().split("/")[1];
            try (InputStream in = retired.decryptingStream(accountId, object.getKey(),
                    new ByteArrayInputStream(object.getValue()))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(object.getKey());
            }
        }
    }

    private List<StoredAccountKey> liveKeys() {
        return store.listAfter(null, 100).stream().filter(key -> !key.isDestroyed()).toList();
    }
}
