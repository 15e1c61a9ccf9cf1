package ai.induo.common.crypto.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.induo.common.crypto.DecryptionException;
import ai.induo.common.crypto.KeyUnavailableException;
import ai.induo.common.crypto.MasterKeyUnavailableException;
import ai.induo.common.crypto.WrappedSecret;
import com.google.cloud.kms.v1.CryptoKeyName;
import io.grpc.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real KMS client against {@link KmsStandIn}. */
class KmsMasterKeyTest {

    private static final CryptoKeyName KEY = CryptoKeyName.of("induo-prod", "europe-west4", "induo", "master");
    private static final CryptoKeyName OTHER_KEY = CryptoKeyName.of("induo-prod", "europe-west4", "induo", "other");
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** Time a failing call may take past the timeout (thread scheduling on a busy machine). */
    private static final Duration SLACK = Duration.ofSeconds(2);
    private static final byte[] SECRET = "a 32 byte account key material!!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTEXT = "acct_1:akey_1".getBytes(StandardCharsets.UTF_8);

    private KmsStandIn kms;
    private KmsMasterKey master;

    @BeforeEach
    void start() throws IOException {
        kms = KmsStandIn.start();
        kms.createKey(KEY);
        kms.createKey(OTHER_KEY);
        master = connect(KEY);
    }

    @AfterEach
    void stop() throws InterruptedException {
        master.close();
        kms.close();
    }

    @Test
    void wrappedKeyUnwrapsThroughKmsWithTheSameContext() throws DecryptionException {
        WrappedSecret wrapped = master.wrap(SECRET, CONTEXT);

        assertThat(new String(wrapped.ciphertext(), StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(SECRET, StandardCharsets.ISO_8859_1));
        assertThat(master.unwrap(wrapped, CONTEXT)).isEqualTo(SECRET);
        assertThat(kms.encryptCalls()).isEqualTo(1);
        assertThat(kms.decryptCalls()).isEqualTo(1);
    }

    @Test
    void idNamesTheCryptoKeyWithoutDependingOnTheConnection() throws IOException {
        try (KmsMasterKey again = connect(KEY); KmsMasterKey other = connect(OTHER_KEY)) {
            assertThat(master.id()).matches("kms_[0-9a-f]{16}").isEqualTo(again.id()).isNotEqualTo(other.id());
        }
        assertThat(master).hasToString("KmsMasterKey[" + master.id() + ", " + KEY + "]");
    }

    @Test
    void wrappedKeyDoesNotUnwrapInAnotherContext() {
        WrappedSecret wrapped = master.wrap(SECRET, CONTEXT);

        assertThatThrownBy(() -> master.unwrap(wrapped, "acct_2:akey_1".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining(KEY.toString());
    }

    @Test
    void keyWrappedByAnotherKmsKeyDoesNotUnwrap() throws IOException {
        WrappedSecret wrapped;
        try (KmsMasterKey other = connect(OTHER_KEY)) {
            wrapped = other.wrap(SECRET, CONTEXT);
        }

        assertThat(master.opens(wrapped.masterKeyId())).isFalse();
        assertThatThrownBy(() -> master.unwrap(wrapped, CONTEXT)).isInstanceOf(DecryptionException.class);
        assertThatThrownBy(() -> master.unwrap(new WrappedSecret(master.id(), wrapped.ciphertext()), CONTEXT))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining(KEY.toString());
    }

    @Test
    void eachWrapRecordsTheKeyVersionThatMadeItAndAnyVersionOpens() throws DecryptionException {
        WrappedSecret first = master.wrap(SECRET, CONTEXT);
        kms.rotate(KEY);
        WrappedSecret second = master.wrap(SECRET, CONTEXT);

        assertThat(first.masterKeyId()).isEqualTo(master.id() + ".v1");
        assertThat(second.masterKeyId()).isEqualTo(master.id() + ".v2");
        assertThat(master.opens(master.id())).as("ids recorded before versions were").isTrue();
        assertThat(master.opens(master.id() + ".v7")).isTrue();
        assertThat(master.opens(master.id() + "0.v1")).isFalse();
        assertThat(master.unwrap(new WrappedSecret(master.id(), first.ciphertext()), CONTEXT)).isEqualTo(SECRET);
    }

    @Test
    void alteredWrappedKeyDoesNotUnwrap() {
        WrappedSecret wrapped = master.wrap(SECRET, CONTEXT);
        byte[] ciphertext = wrapped.ciphertext();
        ciphertext[ciphertext.length - 1] ^= 1;

        assertThatThrownBy(() -> master.unwrap(new WrappedSecret(wrapped.masterKeyId(), ciphertext), CONTEXT))
                .isInstanceOf(DecryptionException.class);
    }

    @Test
    void keysWrappedBeforeARotationInKmsStillUnwrap() throws DecryptionException {
        WrappedSecret beforeRotation = master.wrap(SECRET, CONTEXT);

        kms.rotate(KEY);
        WrappedSecret afterRotation = master.wrap(SECRET, CONTEXT);

        assertThat(master.unwrap(beforeRotation, CONTEXT)).isEqualTo(SECRET);
        assertThat(master.unwrap(afterRotation, CONTEXT)).isEqualTo(SECRET);
    }

    @Test
    void kmsThatIsDownMakesTheKeyUnavailableWithinTheTimeout() {
        WrappedSecret wrapped = master.wrap(SECRET, CONTEXT);
        kms.failEveryCallWith(Status.UNAVAILABLE.withDescription("the service is down"));

        assertUnavailableWithinTimeout(() -> master.wrap(SECRET, CONTEXT), "UNAVAILABLE");
        assertUnavailableWithinTimeout(() -> master.unwrap(wrapped, CONTEXT), "UNAVAILABLE");
    }

    @Test
    void kmsThatHangsMakesTheKeyUnavailableWithinTheTimeout() {
        WrappedSecret wrapped = master.wrap(SECRET, CONTEXT);
        kms.stopAnswering();

        assertUnavailableWithinTimeout(() -> master.unwrap(wrapped, CONTEXT), "DEADLINE_EXCEEDED");
    }

    @Test
    void kmsThatIsGoneMakesTheKeyUnavailableWithinTheTimeout() throws InterruptedException {
        WrappedSecret wrapped = master.wrap(SECRET, CONTEXT);
        kms.close();

        assertUnavailableWithinTimeout(() -> master.unwrap(wrapped, CONTEXT), "UNAVAILABLE");
    }

    @Test
    void theKeyServesAgainOnceKmsIsBack() throws DecryptionException {
        WrappedSecret wrapped = master.wrap(SECRET, CONTEXT);
        kms.failEveryCallWith(Status.UNAVAILABLE);
        assertThatThrownBy(() -> master.unwrap(wrapped, CONTEXT)).isInstanceOf(MasterKeyUnavailableException.class);

        kms.recover();

        assertThat(master.unwrap(wrapped, CONTEXT)).isEqualTo(SECRET);
    }

    @Test
    void missingPermissionMakesTheKeyUnavailableNotTheDataUndecryptable() {
        WrappedSecret wrapped = master.wrap(SECRET, CONTEXT);
        kms.failEveryCallWith(Status.PERMISSION_DENIED.withDescription(
                "Permission 'cloudkms.cryptoKeyVersions.useToDecrypt' denied"));

        assertThatThrownBy(() -> master.unwrap(wrapped, CONTEXT))
                .isInstanceOf(MasterKeyUnavailableException.class)
                .hasMessageContaining("PERMISSION_DENIED")
                .hasMessageContaining(KEY.toString());
        assertThatThrownBy(() -> master.wrap(SECRET, CONTEXT)).isInstanceOf(MasterKeyUnavailableException.class);
    }

    @Test
    void unknownCryptoKeyMakesTheKeyUnavailable() throws IOException {
        try (KmsMasterKey unknown = connect(CryptoKeyName.of("induo-prod", "europe-west4", "induo", "missing"))) {
            assertThatThrownBy(() -> unknown.wrap(SECRET, CONTEXT))
                    .isInstanceOf(MasterKeyUnavailableException.class)
                    .hasMessageContaining("NOT_FOUND");
        }
    }

    @Test
    void uriNamesOneCryptoKey() {
        assertThat(KmsMasterKey.parseUri(
                "kms://projects/induo-prod/locations/europe-west4/keyRings/induo/cryptoKeys/master")).isEqualTo(KEY);
        assertThat(KmsMasterKey.isUri(" kms://anything")).isTrue();
        assertThat(KmsMasterKey.isUri("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")).isFalse();
    }

    @Test
    void malformedUriIsRejectedShowingTheExpectedForm() {
        for (String uri : new String[] {
                "kms://projects/p/locations/l/keyRings/r",
                "kms://projects/p/locations/l/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1",
                "kms://projects//locations/l/keyRings/r/cryptoKeys/k",
                "kms://projects/p/locations/l/keyRings/r/cryptoKeys/k/",
                "gcp-kms://projects/p/locations/l/keyRings/r/cryptoKeys/k",
                "projects/p/locations/l/keyRings/r/cryptoKeys/k"}) {
            assertThatThrownBy(() -> KmsMasterKey.parseUri(uri)).as(uri)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("kms://projects/PROJECT/locations/LOCATION/keyRings/KEY_RING/cryptoKeys/KEY");
        }
    }

    @Test
    void endpointMustBeHostAndPort() {
        for (String endpoint : new String[] {"localhost", "127.0.0.1:", ":443", "127.0.0.1:http", "127.0.0.1:70000"}) {
            assertThatThrownBy(() -> KmsMasterKey.connect(KEY, Optional.of(endpoint), TIMEOUT)).as(endpoint)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("host:port");
        }
    }

    @Test
    void locationIsTheKeyRingsLocationFromTheResourceNameWithoutAskingKms() throws IOException {
        CryptoKeyName multiRegion = KmsMasterKey.parseUri("kms://projects/p/locations/Europe/keyRings/r/cryptoKeys/k");

        try (KmsMasterKey europe = connect(multiRegion)) {
            assertThat(master.locations()).containsExactly("europe-west4");
            assertThat(europe.locations()).containsExactly("europe");
        }
        assertThat(kms.encryptCalls() + kms.decryptCalls()).isZero();
    }

    private KmsMasterKey connect(CryptoKeyName key) throws IOException {
        return KmsMasterKey.connect(key, Optional.of(kms.endpoint()), TIMEOUT);
    }

    private static void assertUnavailableWithinTimeout(ThrowingCallable call, String code) {
        long start = System.nanoTime();
        assertThatThrownBy(call)
                .isInstanceOf(MasterKeyUnavailableException.class)
                .isInstanceOf(KeyUnavailableException.class)
                .hasMessageContaining(code);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plus(SLACK));
    }
}
