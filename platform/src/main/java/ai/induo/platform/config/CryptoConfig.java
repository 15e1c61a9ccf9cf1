package ai.induo.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Envelope-encryption settings shared by the gateway and the worker. */
@ConfigMapping(prefix = "induo.crypto")
public interface CryptoConfig {

    /**
     * The master key: base64 of 32 bytes, or a Cloud KMS crypto key as
     * {@code kms://projects/P/locations/L/keyRings/R/cryptoKeys/K}. When set it is used, and
     * {@link #masterKeyFile()} is not read.
     */
    Optional<String> masterKey();

    /**
     * A file holding the master key as base64 text (a mounted Kubernetes Secret, or .induo/master.key
     * locally); read only when {@link #masterKey()} is not set.
     */
    Optional<Path> masterKeyFile();

    /**
     * Master keys being retired, each as {@link #masterKey()} takes it (base64, or a {@code kms://}
     * URI): they wrap nothing new, but open what they wrapped until the master-key rotation has
     * re-wrapped it under the current key.
     */
    Optional<List<String>> previousMasterKeys();

    /** Files holding master keys being retired as base64 text, as {@link #previousMasterKeys()}. */
    Optional<List<Path>> previousMasterKeyFiles();

    /**
     * How long an unwrapped account key stays cached in memory; with a KMS master key, also how long
     * an unwrapped webhook secret does.
     */
    @WithDefault("5M")
    Duration accountKeyCacheTtl();

    /** The Cloud KMS client, used when {@link #masterKey()} names a KMS key. */
    Kms kms();

    /** Cloud KMS client settings. */
    interface Kms {

        /**
         * {@code host:port} of a KMS endpoint other than Google's public one (a private endpoint,
         * reached over TLS with Application Default Credentials; a loopback address is reached in
         * plaintext without credentials, for a stand-in).
         */
        Optional<String> endpoint();

        /** How long one KMS call may take, retries included. */
        @WithDefault("5S")
        Duration timeout();
    }
}
