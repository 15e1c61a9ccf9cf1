package ai.induo.gateway.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.induo.common.crypto.LocalMasterKey;
import ai.induo.common.crypto.MasterKey;
import ai.induo.common.safety.SafetyCipher;
import ai.induo.common.store.local.LocalObjectStore;
import ai.induo.platform.config.CryptoConfig;
import ai.induo.platform.residency.Residency;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training key held to the residency check at start, as the gateway reads {@code induo.training.*}
 * and {@code induo.crypto.*}. A KMS key's location is read from its name: nothing listens at the KMS
 * endpoint, and KMS is never called.
 */
class TrainingKeyTest {

    private static final String NO_KMS = "127.0.0.1:9";
    /** Above SmallRye's own converters, as in Quarkus (durations such as {@code 1S}). */
    private static final int QUARKUS_CONVERTER_PRIORITY = 200;

    @TempDir
    Path dir;

    private final String masterKeyBase64 = randomKey();
    private final MasterKey masterKey = LocalMasterKey.fromBase64(masterKeyBase64);
    private final List<TrainingKey> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (TrainingKey key : started) {
            key.close();
        }
    }

    @Test
    void aKmsTrainingKeyOutsideEuropeStopsTheStart() {
        assertThatThrownBy(() -> start(Map.of("induo.training.key", kmsKey("us-central1"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("training key (induo.training.key)")
                .hasMessageContaining("'us-central1'")
                .hasMessageContaining("induo.residency.allowed-locations=EU,europe-*");
    }

    @Test
    void aKmsTrainingKeyInEuropeStartsAndSealsUnderThatKey() {
        TrainingKey key = start(Map.of("induo.training.key", kmsKey("europe-west4")));

        assertThat(key.cipher().keyLocations()).containsExactly("europe-west4");
    }

    @Test
    void aTrainingKeyFileOnThisMachineIsLocalAndSealsWhatItOpens() throws Exception {
        Path file = dir.resolve("training.key");
        Files.writeString(file, randomKey());

        TrainingKey key = start(Map.of("induo.training.key-file", file.toString()));

        assertThat(key.cipher().keyLocations()).containsExactly("local");
        byte[] sealed = key.cipher().seal("training/trs_1/a", new byte[] {1, 2, 3});
        assertThat(key.cipher().open("training/trs_1/a", sealed)).containsExactly(1, 2, 3);
    }

    @Test
    void withoutATrainingKeyTheGatewayStartsAndAnExportIsRefusedNamingTheSettings() {
        TrainingKey key = start(Map.of("induo.training.key-file", dir.resolve("absent.key").toString()));

        assertThatThrownBy(key::cipher)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("induo.training.key")
                .hasMessageContaining("induo.training.key-file");
    }

    @Test
    void theMasterKeyAsTrainingKeyStopsTheStart() {
        assertThatThrownBy(() -> start(Map.of("induo.training.key", masterKeyBase64)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("induo.training.key must be a key of its own");
    }

    private TrainingKey start(Map<String, String> training) {
        Map<String, String> properties = new HashMap<>(training);
        properties.put("induo.crypto.kms.endpoint", NO_KMS);
        properties.put("induo.crypto.kms.timeout", "1S");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withConverter(Duration.class, QUARKUS_CONVERTER_PRIORITY, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "application.properties", 250))
                .withMapping(TrainingConfig.class)
                .withMapping(CryptoConfig.class)
                .build();
        Residency residency = new Residency(() -> List.of("EU", "europe-*"), new LocalObjectStore(dir.resolve("objects")),
                masterKey, new SafetyCipher(LocalMasterKey.generate()));
        TrainingKey key = new TrainingKey(config.getConfigMapping(TrainingConfig.class),
                config.getConfigMapping(CryptoConfig.class), masterKey, residency);
        started.add(key);
        return key;
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static String kmsKey(String location) {
        return "kms://projects/induo/locations/" + location + "/keyRings/induo/cryptoKeys/training";
    }
}
