package ai.induo.platform.wiring;

import ai.induo.common.crypto.CachingMasterKey;
import ai.induo.common.crypto.LocalMasterKey;
import ai.induo.common.crypto.MasterKey;
import ai.induo.common.crypto.MasterKeyring;
import ai.induo.common.crypto.kms.KmsMasterKey;
import ai.induo.platform.config.CryptoConfig;
import ai.induo.platform.config.SafetyConfig;
import com.google.cloud.kms.v1.CryptoKeyName;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Builds the {@link MasterKey} that {@code induo.crypto.*} describes: {@code master-key} when it is
 * set (base64 of a local key, or a {@code kms://} URI), otherwise the key in {@code master-key-file};
 * with {@code previous-master-keys} or {@code previous-master-key-files}, a {@link MasterKeyring} of
 * it and those keys being retired. When a KMS key is among them, the key comes behind a
 * {@link CachingMasterKey}, so short secrets are not unwrapped by KMS on every use.
 */
public final class MasterKeySelection {

    private static final Logger LOG = Logger.getLogger(MasterKeySelection.class);
    private static final String MASTER_KEY = "induo.crypto.master-key";
    private static final String MASTER_KEY_FILE = "induo.crypto.master-key-file";
    private static final String PREVIOUS_MASTER_KEYS = "induo.crypto.previous-master-keys";
    private static final String PREVIOUS_MASTER_KEY_FILES = "induo.crypto.previous-master-key-files";
    private static final String SAFETY_KEY = "induo.safety.key";
    private static final String SAFETY_KEY_FILE = "induo.safety.key-file";
    private static final String KMS_ENDPOINT = "induo.crypto.kms.endpoint";
    private static final String KMS_TIMEOUT = "induo.crypto.kms.timeout";

    private MasterKeySelection() {
    }

    static MasterKey create(CryptoConfig config, Clock clock) {
        List<MasterKey> keys = new ArrayList<>();
        keys.add(current(config));
        for (String previous : config.previousMasterKeys().orElse(List.of())) {
            keys.add(fromSetting(previous, PREVIOUS_MASTER_KEYS, config));
        }
        for (Path file : config.previousMasterKeyFiles().orElse(List.of())) {
            keys.add(fromFile(file, PREVIOUS_MASTER_KEY_FILES));
        }
        MasterKey key;
        if (keys.size() == 1) {
            key = keys.get(0);
        } else {
            try {
                key = new MasterKeyring(keys.get(0), keys.subList(1, keys.size()));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("invalid " + PREVIOUS_MASTER_KEYS + " or " + PREVIOUS_MASTER_KEY_FILES
                        + ": " + e.getMessage(), e);
            }
            LOG.infof("master key %s, with previous master keys %s until the rotation has re-wrapped what they hold",
                    key.id(), keys.subList(1, keys.size()).stream().map(MasterKey::id).toList());
        }
        boolean kms = keys.stream().anyMatch(KmsMasterKey.class::isInstance);
        return kms ? new CachingMasterKey(key, config.accountKeyCacheTtl(), clock) : key;
    }

    /**
     * The safety key {@code induo.safety.*} describes, as the master key is chosen (a setting, else
     * a file; base64 or {@code kms://}); refused when it is the master key itself, since the safety
     * copies must not open with what opens account data.
     */
    static MasterKey safetyKey(SafetyConfig safety, CryptoConfig crypto, MasterKey master) {
        return separateKey(safety.key(), safety.keyFile(), SAFETY_KEY, SAFETY_KEY_FILE, crypto, master);
    }

    /**
     * A key of a purpose of its own (safety copies, training sets), from its setting {@code keySetting}
     * (base64 or {@code kms://}) or else its file setting; refused when it is the master key itself,
     * since those copies must not open with what opens account data.
     */
    public static MasterKey separateKey(Optional<String> setting, Optional<Path> file, String keySetting,
            String fileSetting, CryptoConfig crypto, MasterKey master) {
        MasterKey key = selected(setting, file, keySetting, fileSetting, crypto);
        if (master.opens(key.id())) {
            throw new ConfigurationException(keySetting + " must be a key of its own, not the master key");
        }
        return key;
    }

    private static MasterKey current(CryptoConfig config) {
        return selected(config.masterKey(), config.masterKeyFile(), MASTER_KEY, MASTER_KEY_FILE, config);
    }

    private static MasterKey selected(Optional<String> setting, Optional<Path> file, String keySetting,
            String fileSetting, CryptoConfig config) {
        Optional<String> key = setting.filter(value -> !value.isBlank());
        if (key.isPresent()) {
            file.ifPresent(path -> LOG.infof("%s is set, so the key file %s (%s) is not read", keySetting, path,
                    fileSetting));
            return fromSetting(key.get(), keySetting, config);
        }
        Path path = file.orElseThrow(() -> new ConfigurationException(
                "set " + keySetting + " (base64 of 32 bytes, or kms://projects/…/cryptoKeys/…) or " + fileSetting));
        return fromFile(path, fileSetting);
    }

    private static MasterKey fromSetting(String value, String setting, CryptoConfig config) {
        return KmsMasterKey.isUri(value) ? kms(value, setting, config) : local(value, setting);
    }

    private static MasterKey fromFile(Path file, String setting) {
        try {
            return LocalMasterKey.fromFile(file);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException("cannot read the key file " + file + " (" + setting + "): "
                    + e.getMessage(), e);
        }
    }

    private static MasterKey local(String base64, String setting) {
        try {
            return LocalMasterKey.fromBase64(base64);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("invalid " + setting + ": " + e.getMessage(), e);
        }
    }

    private static KmsMasterKey kms(String uri, String setting, CryptoConfig config) {
        CryptoKeyName keyName;
        try {
            keyName = KmsMasterKey.parseUri(uri);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("invalid " + setting + ": " + e.getMessage(), e);
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
            throw new ConfigurationException("cannot set up the Cloud KMS client for " + setting
                    + " (Application Default Credentials): " + e.getMessage(), e);
        }
        LOG.infof("master key %s is Cloud KMS key %s", kms.id(), keyName);
        return kms;
    }
}
