package ai.induo.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Envelope-encryption settings shared by the gateway and the worker. */
@ConfigMapping(prefix = "induo.crypto")
public interface CryptoConfig {

    /** The master key, base64 of 32 bytes. Prefer {@link #masterKeyFile()}; set exactly one of the two. */
    Optional<String> masterKey();

    /** A file holding the master key as base64 text (a mounted Kubernetes Secret, or .induo/master.key locally). */
    Optional<Path> masterKeyFile();

    /** How long an unwrapped account key stays cached in memory. */
    @WithDefault("5M")
    Duration accountKeyCacheTtl();
}
