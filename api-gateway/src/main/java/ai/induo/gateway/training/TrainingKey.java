package ai.induo.gateway.training;

import ai.induo.common.crypto.MasterKey;
import ai.induo.common.crypto.SealedObjectCipher;
import ai.induo.platform.config.CryptoConfig;
import ai.induo.platform.residency.Residency;
import ai.induo.platform.wiring.MasterKeySelection;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;

/**
 * The training key {@code induo.training.*} names and the cipher training sets are sealed with. When
 * a key is configured it is read at start and held to the residency check like every other key
 * (policy §7): a training key kept outside {@code induo.residency.allowed-locations} stops the
 * gateway, rather than the first export writing copies sealed under it.
 */
@Startup
@ApplicationScoped
public class TrainingKey {

    /** What training objects are sealed for; bound into each. */
    public static final String PURPOSE = "training";
    private static final String KEY = "induo.training.key";
    private static final String KEY_FILE = "induo.training.key-file";
    private static final String MAGIC = "INDT";

    private final TrainingConfig config;
    private final CryptoConfig crypto;
    private final MasterKey masterKey;
    private final MasterKey configuredKey;

    /**
     * @throws ConfigurationException when the configured training key cannot be read, is the master
     *     key, or is kept outside the allowed locations
     */
    @Inject
    public TrainingKey(TrainingConfig config, CryptoConfig crypto, MasterKey masterKey, Residency residency) {
        this.config = config;
        this.crypto = crypto;
        this.masterKey = masterKey;
        boolean set = config.key().filter(key -> !key.isBlank()).isPresent()
                || config.keyFile().filter(Files::exists).isPresent();
        configuredKey = set ? key() : null;
        if (configuredKey != null) {
            residency.requireAllowed(configuredKey.locations(), "the training key (" + KEY + ")");
        }
    }

    /**
     * The cipher training objects are sealed with.
     *
     * @throws ConfigurationException when no training key is configured
     */
    public SealedObjectCipher cipher() {
        return new SealedObjectCipher(configuredKey != null ? configuredKey : key(), PURPOSE, MAGIC);
    }

    @PreDestroy
    void close() throws Exception {
        if (configuredKey instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private MasterKey key() {
        return MasterKeySelection.separateKey(config.key(), config.keyFile(), KEY, KEY_FILE, crypto, masterKey);
    }
}
