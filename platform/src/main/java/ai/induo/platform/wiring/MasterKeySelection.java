package ai.induo.platform.wiring;

import ai.induo.common.crypto.CachingMasterKey;
import ai.induo.common.crypto.LocalMasterKey;
import ai.induo.common.crypto.MasterKey;
import ai.induo.common.crypto.kms.KmsMasterKey;
import ai.induo.platform.config.CryptoConfig;
import com.google.cloud.kms.v1.CryptoKeyName;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Builds the {@link MasterKey} that {@code induo.crypto.*} describes: {@code master-key} when it is
 * set (base64 of a local key, or a {@code kms://} URI), otherwise the key in {@code master-key-file}.
 * A KMS key comes behind a {@link CachingMasterKey}, so short secrets are not unwrapped by KMS on
 * every use.
 */
final class MasterKeySelection {

    private static final Logger LOG = Logger.getLogger(MasterKeySelection.class);
    private static final String MASTER_KEY = "induo.crypto.master-key";
    private static final String MASTER_KEY_FILE = "induo.crypto.master-key-file";
    private static final String KMS_ENDPOINT = "induo.crypto.kms.endpoint";
    private static final String KMS_TIMEOUT = "induo.crypto.kms.timeout";

    private MasterKeySelection() {
    }

    static MasterKey create(CryptoConfig config, Clock clock) {
        Optional<String> key = config.masterKey().filter(value -> !value.isBlank());
        if (key.isPresent()) {
            config.masterKeyFile().ifPresent(file -> LOG.infof("%s is set, so the master key file %s (%s) is not read",
                    MASTER_KEY, file, MASTER_KEY_FILE));
            return KmsMasterKey.isUri(key.get()) ? kms(key.get(), config, clock) : local(key.get());
        }
        Path file = config.masterKeyFile().orElseThrow(() -> new ConfigurationException(
                "set " + MASTER_KEY + " (base64 of 32 bytes, or kms://projects/…/cryptoKeys/…) or "
                        + MASTER_KEY_FILE));
        try {
            return LocalMasterKey.fromFile(file);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException("cannot read the master key file " + file + " (" + MASTER_KEY_FILE + "): "
                    + e.getMessage(), e);
        }
    }

    private static MasterKey local(String base64) {
        try {
            return LocalMasterKey.fromBase64(base64);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("invalid " + MASTER_KEY + ": " + e.getMessage(), e);
        }
    }

    private static MasterKey kms(String uri, CryptoConfig config, Clock clock) {
        CryptoKeyName keyName;
        try {
            keyName = KmsMasterKey.parseUri(uri);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("invalid " + MASTER_KEY + ": " + e.getMessage(), e);
        }
        if (config.kms().timeout().isNegative() || config.kms().timeout().isZero()) {
            throw new ConfigurationException(KMS_TIMEOUT + " must be positive, got " + config.kms().timeout());
        }
        KmsMasterKey kms;
        try {
            kms = KmsMasterKey.connect(keyName, config.kms().endpoint().filter(value -> !value.isBlank()),
                    config.kms().timeout());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("invalid " + KMS_ENDPOINT + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ConfigurationException("cannot set up the Cloud KMS client for " + MASTER_KEY
                    + " (Application Default Credentials): " + e.getMessage(), e);
        }
        LOG.infof("master key %s is Cloud KMS key %s", kms.id(), keyName);
        return new CachingMasterKey(kms, config.accountKeyCacheTtl(), clock);
    }
}
