package ai.induo.platform.config;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The safety key, shared by the worker (which seals safety-case images) and the gateway (which
 * opens them for the {@code safety} role). It is not the master key: account keys do not open
 * safety copies, and the safety key opens no account's data.
 */
@ConfigMapping(prefix = "induo.safety")
public interface SafetyConfig {

    /**
     * The safety key: base64 of 32 bytes, or a Cloud KMS crypto key as {@code kms://…} (reached with
     * the {@code induo.crypto.kms.*} client settings). When set, {@link #keyFile()} is not read.
     */
    Optional<String> key();

    /** A file holding the safety key as base64 text (.induo/safety.key locally); read only when {@link #key()} is not set. */
    Optional<Path> keyFile();
}
