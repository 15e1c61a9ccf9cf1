package ai.induo.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How {@code induo.crypto.*} reads from the environment, with the lines the gateway's and the
 * worker's {@code application.properties} set.
 */
class CryptoConfigTest {

    private static final Map<String, String> APPLICATION_PROPERTIES = Map.of(
            "induo.crypto.master-key", "${INDUO_MASTER_KEY:}",
            "induo.crypto.master-key-file", "${INDUO_MASTER_KEY_FILE:${INDUO_HOME:.induo}/master.key}",
            "induo.crypto.previous-master-keys", "${INDUO_PREVIOUS_MASTER_KEYS:}",
            "induo.crypto.previous-master-key-files", "${INDUO_PREVIOUS_MASTER_KEY_FILES:}");
    /** Above SmallRye's own converters, as in Quarkus (durations such as {@code 5M}). */
    private static final int QUARKUS_CONVERTER_PRIORITY = 200;
    private static final String KMS_URI = "kms://projects/p/locations/europe-west4/keyRings/induo/cryptoKeys/master";

    @Test
    void withoutAKeyInTheEnvironmentOnlyTheDefaultKeyFileIsSet() {
        CryptoConfig config = config(Map.of());

        assertThat(config.masterKey()).isEmpty();
        assertThat(config.masterKeyFile()).contains(Path.of(".induo/master.key"));
        assertThat(config.kms().endpoint()).isEmpty();
        assertThat(config.kms().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.previousMasterKeys()).isEmpty();
        assertThat(config.previousMasterKeyFiles()).isEmpty();
    }

    @Test
    void previousMasterKeysAndKeyFilesAreCommaSeparatedLists() {
        CryptoConfig config = config(Map.of(
                "INDUO_PREVIOUS_MASTER_KEYS", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=," + KMS_URI,
                "INDUO_PREVIOUS_MASTER_KEY_FILES", "/secrets/old/master.key"));

        assertThat(config.previousMasterKeys()).contains(List.of("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", KMS_URI));
        assertThat(config.previousMasterKeyFiles()).contains(List.of(Path.of("/secrets/old/master.key")));
    }

    @Test
    void induoMasterKeySetsTheMasterKey() {
        assertThat(config(Map.of("INDUO_MASTER_KEY", KMS_URI)).masterKey()).contains(KMS_URI);
    }

    @Test
    void theStandardVariableNamesWorkToo() {
        CryptoConfig config = config(Map.of(
                "INDUO_CRYPTO_MASTER_KEY", KMS_URI,
                "INDUO_CRYPTO_KMS_ENDPOINT", "kms-private.example.internal:443",
                "INDUO_CRYPTO_KMS_TIMEOUT", "2S"));

        assertThat(config.masterKey()).contains(KMS_URI);
        assertThat(config.kms().endpoint()).contains("kms-private.example.internal:443");
        assertThat(config.kms().timeout()).isEqualTo(Duration.ofSeconds(2));
    }

    private static CryptoConfig config(Map<String, String> environment) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withConverter(Duration.class, QUARKUS_CONVERTER_PRIORITY, new DurationConverter())
                .withSources(new EnvConfigSource(environment, 300))
                .withSources(new PropertiesConfigSource(APPLICATION_PROPERTIES, "application.properties", 250))
                .withMapping(CryptoConfig.class)
                .build();
        return config.getConfigMapping(CryptoConfig.class);
    }
}
