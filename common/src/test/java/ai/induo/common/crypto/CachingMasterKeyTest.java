package ai.induo.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.induo.common.crypto.kms.KmsMasterKey;
import ai.induo.common.crypto.kms.KmsStandIn;
import com.google.cloud.kms.v1.CryptoKeyName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The secret cache in front of a KMS master key: KMS calls are counted on the stand-in. */
class CachingMasterKeyTest {

    private static final CryptoKeyName KEY = CryptoKeyName.of("induo-prod", "europe-west4", "induo", "master");
    private static final Duration TTL = Duration.ofMinutes(5);
    /** Room for a first call over a new channel on a busy test machine. */
    private static final Duration KMS_TIMEOUT = Duration.ofSeconds(3);
    /** For calls the stand-in holds back while callers gather. */
    private static final Duration HELD_CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final int CALLERS = 8;
    private static final byte[] SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTEXT = "webhook-endpoint-secret:we_1".getBytes(StandardCharsets.UTF_8);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private KmsStandIn kms;
    private CachingMasterKey master;

    @BeforeEach
    void start() throws IOException {
        kms = KmsStandIn.start();
        kms.createKey(KEY);
        master = new CachingMasterKey(KmsMasterKey.connect(KEY, Optional.of(kms.endpoint()), KMS_TIMEOUT),
                TTL, clock);
    }

    @AfterEach
    void stop() throws Exception {
        master.close();
        kms.close();
    }

    @Test
    void aSecretUnwrappedOnEveryDeliveryCostsOneKmsDecryptPerTtl() throws DecryptionException {
        WrappedSecret wrapped = master.wrap(SECRET, CONTEXT);

        for (int delivery = 0; delivery < 100; delivery++) {
            assertThat(master.unwrap(wrapped, CONTEXT)).isEqualTo(SECRET);
        }
        assertThat(kms.decryptCalls()).isEqualTo(1);

        clock.advance(TTL);
        assertThat(master.unwrap(wrapped, CONTEXT)).isEqualTo(SECRET);
        assertThat(kms.decryptCalls()).isEqualTo(2);
    }

    @Test
    void deliveriesMissingOneSecretAtOnceCauseOneKmsDecrypt() throws Exception {
        WrappedSecret wrapped = master.wrap(SECRET, CONTEXT);
        try (CachingMasterKey patient = new CachingMasterKey(
                KmsMasterKey.connect(KEY, Optional.of(kms.endpoint()), HELD_CALL_TIMEOUT), TTL, clock)) {
            kms.holdAnswers();

            ConcurrentCalls<byte[]> calls = ConcurrentCalls.start(CALLERS, () -> patient.unwrap(wrapped, CONTEXT));
            calls.awaitAllParked();
            kms.recover();

            assertThat(calls.results()).hasSize(CALLERS).allSatisfy(secret -> assertThat(secret).isEqualTo(SECRET));
        }
        assertThat(kms.decryptCalls()).isEqualTo(1);
    }

    @Test
    void aCachedSecretIsNotServedForAnotherContext() throws DecryptionException {
        WrappedSecret wrapped = master.wrap(SECRET, CONTEXT);
        master.unwrap(wrapped, CONTEXT);

        assertThatThrownBy(() -> master.unwrap(wrapped, "webhook-endpoint-secret:we_2".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DecryptionException.class);
    }

    @Test
    void wrapsAlwaysGoToKms() {
        assertThat(master.wrap(SECRET, CONTEXT)).isNotEqualTo(master.wrap(SECRET, CONTEXT));
        assertThat(kms.encryptCalls()).isEqualTo(2);
        assertThat(master.id()).isEqualTo(CachingMasterKey.uncached(master).id()).startsWith("kms_");
    }

    @Test
    void largePlaintextsAreNotKept() throws DecryptionException {
        byte[] body = new byte[CachingMasterKey.MAX_CACHED_BYTES + 1];
        WrappedSecret wrapped = master.wrap(body, CONTEXT);

        master.unwrap(wrapped, CONTEXT);
        master.unwrap(wrapped, CONTEXT);

        assertThat(kms.decryptCalls()).isEqualTo(2);
    }

    @Test
    void callersCannotChangeWhatIsCached() throws DecryptionException {
        WrappedSecret wrapped = master.wrap(SECRET, CONTEXT);
        master.unwrap(wrapped, CONTEXT)[0] ^= 1;
        master.unwrap(wrapped, CONTEXT)[1] ^= 1;

        assertThat(master.unwrap(wrapped, CONTEXT)).isEqualTo(SECRET);
    }

    @Test
    void uncachedGivesTheKmsKeyItself() {
        MasterKey local = LocalMasterKey.generate();

        assertThat(CachingMasterKey.uncached(master)).isInstanceOf(KmsMasterKey.class);
        assertThat(CachingMasterKey.uncached(local)).isSameAs(local);
    }
}
