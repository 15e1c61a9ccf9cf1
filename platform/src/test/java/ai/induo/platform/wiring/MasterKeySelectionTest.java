package ai.induo.platform.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.induo.common.crypto.CachingMasterKey;
import ai.induo.common.crypto.DecryptionException;
import ai.induo.common.crypto.LocalMasterKey;
import ai.induo.common.crypto.MasterKey;
import ai.induo.common.crypto.MasterKeyring;
import ai.induo.common.crypto.WrappedSecret;
import ai.induo.common.crypto.kms.KmsMasterKey;
import ai.induo.common.crypto.kms.KmsStandIn;
import ai.induo.platform.config.CryptoConfig;
import com.google.cloud.kms.v1.CryptoKeyName;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeySelectionTest {

    private static final String KEY_BASE64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String KEY_ID = "mk_630dcd2966c43366";
    private static final CryptoKeyName KMS_KEY = CryptoKeyName.of("induo-prod", "europe-west4", "induo", "master");
    private static final String KMS_URI = "kms://" + KMS_KEY;
    private static final byte[] SECRET = "whsec_secret".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTEXT = "context".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private KmsStandIn kms;
    private Path defaultKeyFile;

    @BeforeEach
    void start() throws IOException {
        kms = KmsStandIn.start();
        kms.createKey(KMS_KEY);
        defaultKeyFile = dir.resolve("master.key");
    }

    @AfterEach
    void stop() throws InterruptedException {
        kms.close();
    }

    @Test
    void keyFileIsReadWhenNoKeyIsGiven() throws IOException {
        Files.writeString(defaultKeyFile, KEY_BASE64 + "\n");

        MasterKey key = MasterKeySelection.create(config(null, defaultKeyFile, null), Clock.systemUTC());

        assertThat(key).isInstanceOf(LocalMasterKey.class);
        assertThat(key.id()).isEqualTo(KEY_ID);
    }

    @Test
    void base64KeyIsUsedAndTheDefaultKeyFileIsNotRead() {
        MasterKey key = MasterKeySelection.create(config(KEY_BASE64, defaultKeyFile, null), Clock.systemUTC());

        assertThat(key).isInstanceOf(LocalMasterKey.class);
        assertThat(key.id()).isEqualTo(KEY_ID);
        assertThat(defaultKeyFile).doesNotExist();
    }

    @Test
    void kmsUriWiresTheKmsKeyBehindTheSecretCacheAndTheDefaultKeyFileIsNotRead() throws Exception {
        MasterKey key = MasterKeySelection.create(config(KMS_URI, defaultKeyFile, kms.endpoint()), Clock.systemUTC());
        try {
            assertThat(key).isInstanceOf(CachingMasterKey.class);
            assertThat(CachingMasterKey.uncached(key)).isInstanceOfSatisfying(KmsMasterKey.class,
                    kmsKey -> assertThat(kmsKey.keyName()).isEqualTo(KMS_KEY));
            assertThat(key.id()).startsWith("kms_");
            assertThat(key.unwrap(key.wrap(SECRET, CONTEXT), CONTEXT)).isEqualTo(SECRET);
            assertThat(kms.encryptCalls()).isEqualTo(1);
            assertThat(defaultKeyFile).doesNotExist();
        } finally {
            ((AutoCloseable) key).close();
        }
    }

    @Test
    void keysWrappedUnderKmsStayReadableForAnotherProcess() throws Exception {
        MasterKey first = MasterKeySelection.create(config(KMS_URI, null, kms.endpoint()), Clock.systemUTC());
        MasterKey second = MasterKeySelection.create(config(" " + KMS_URI + "\n", null, kms.endpoint()), Clock.systemUTC());
        try {
            assertThat(second.id()).isEqualTo(first.id());
            assertThat(second.unwrap(first.wrap(SECRET, CONTEXT), CONTEXT)).isEqualTo(SECRET);
        } finally {
            ((AutoCloseable) first).close();
            ((AutoCloseable) second).close();
        }
    }

    @Test
    void malformedKmsUriStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> MasterKeySelection.create(
                config("kms://projects/p/locations/l/keyRings/r", defaultKeyFile, kms.endpoint()), Clock.systemUTC()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("induo.crypto.master-key")
                .hasMessageContaining("kms://projects/PROJECT/locations/LOCATION/keyRings/KEY_RING/cryptoKeys/KEY");
    }

    @Test
    void malformedKmsEndpointStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> MasterKeySelection.create(config(KMS_URI, null, "localhost"), Clock.systemUTC()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("induo.crypto.kms.endpoint");
    }

    @Test
    void invalidBase64KeyStopsTheStartWithoutShowingIt() {
        assertThatThrownBy(() -> MasterKeySelection.create(config("not-base64-secret!", null, null), Clock.systemUTC()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("induo.crypto.master-key")
                .message().doesNotContain("secret");
    }

    @Test
    void withoutKeyAndKeyFileTheStartStopsNamingBothSettings() {
        assertThatThrownBy(() -> MasterKeySelection.create(config(null, null, null), Clock.systemUTC()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("induo.crypto.master-key ")
                .hasMessageContaining("induo.crypto.master-key-file");
    }

    @Test
    void missingKeyFileStopsTheStartNamingIt() {
        assertThatThrownBy(() -> MasterKeySelection.create(config(null, defaultKeyFile, null), Clock.systemUTC()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(defaultKeyFile.toString());
    }

    @Test
    void previousKeysMakeAKeyringThatWrapsWithTheCurrentKeyAndOpensWhatThePreviousOnesWrapped() throws Exception {
        Path oldFile = dir.resolve("old-master.key");
        Files.writeString(oldFile, randomKeyBase64());
        String older = randomKeyBase64();
        WrappedSecret wrappedByOld = LocalMasterKey.fromFile(oldFile).wrap(SECRET, CONTEXT);
        WrappedSecret wrappedByOlder = LocalMasterKey.fromBase64(older).wrap(SECRET, CONTEXT);

        MasterKey key = MasterKeySelection.create(config(KEY_BASE64, null, null, List.of(older), List.of(oldFile)),
                Clock.systemUTC());

        assertThat(key).isInstanceOf(MasterKeyring.class);
        assertThat(key.id()).isEqualTo(KEY_ID);
        assertThat(key.wrap(SECRET, CONTEXT).masterKeyId()).isEqualTo(KEY_ID);
        assertThat(key.opens(wrappedByOld.masterKeyId())).isTrue();
        assertThat(key.opens(wrappedByOlder.masterKeyId())).isTrue();
        assertThat(key.unwrap(wrappedByOld, CONTEXT)).isEqualTo(SECRET);
        assertThat(key.unwrap(wrappedByOlder, CONTEXT)).isEqualTo(SECRET);
    }

    @Test
    void aPreviousKmsKeyPutsTheKeyringBehindTheSecretCache() throws Exception {
        MasterKey key = MasterKeySelection.create(config(KEY_BASE64, null, kms.endpoint(), List.of(KMS_URI), List.of()),
                Clock.systemUTC());
        try {
            assertThat(key).isInstanceOf(CachingMasterKey.class);
            assertThat(CachingMasterKey.uncached(key)).isInstanceOf(MasterKeyring.class);
            assertThat(key.id()).isEqualTo(KEY_ID);
        } finally {
            ((AutoCloseable) key).close();
        }
    }

    @Test
    void aPreviousKeyThatIsTheCurrentOneStopsTheStartNamingTheSettings() {
        assertThatThrownBy(() -> MasterKeySelection.create(
                config(KEY_BASE64, null, null, List.of(KEY_BASE64), List.of()), Clock.systemUTC()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("induo.crypto.previous-master-keys")
                .hasMessageContaining(KEY_ID);
    }

    @Test
    void anInvalidPreviousKeyStopsTheStartNamingItsSettingWithoutShowingIt() {
        assertThatThrownBy(() -> MasterKeySelection.create(
                config(KEY_BASE64, null, null, List.of("not-base64-secret!"), List.of()), Clock.systemUTC()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("induo.crypto.previous-master-keys")
                .message().doesNotContain("secret");
        assertThatThrownBy(() -> MasterKeySelection.create(
                config(KEY_BASE64, null, null, List.of(), List.of(dir.resolve("missing.key"))), Clock.systemUTC()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("induo.crypto.previous-master-key-files");
    }

    private static String randomKeyBase64() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static CryptoConfig config(String masterKey, Path masterKeyFile, String kmsEndpoint) {
        return config(masterKey, masterKeyFile, kmsEndpoint, List.of(), List.of());
    }

    private static CryptoConfig config(String masterKey, Path masterKeyFile, String kmsEndpoint,
            List<String> previousKeys, List<Path> previousKeyFiles) {
        return new TestCryptoConfig(Optional.ofNullable(masterKey), Optional.ofNullable(masterKeyFile),
                Optional.of(previousKeys).filter(keys -> !keys.isEmpty()),
                Optional.of(previousKeyFiles).filter(files -> !files.isEmpty()),
                Duration.ofMinutes(5), new TestKms(Optional.ofNullable(kmsEndpoint), Duration.ofSeconds(1)));
    }

    private record TestCryptoConfig(Optional<String> masterKey, Optional<Path> masterKeyFile,
            Optional<List<String>> previousMasterKeys, Optional<List<Path>> previousMasterKeyFiles,
            Duration accountKeyCacheTtl, CryptoConfig.Kms kms) implements CryptoConfig {
    }

    private record TestKms(Optional<String> endpoint, Duration timeout) implements CryptoConfig.Kms {
    }
}
