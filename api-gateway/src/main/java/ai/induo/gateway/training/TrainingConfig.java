package ai.induo.gateway.training;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where training sets go and the key that seals them. The training key is not the master key:
 * account keys do not open training copies, and erasing an account (which destroys its key) does
 * not touch them, since nothing in them says whose they were.
 */
@ConfigMapping(prefix = "induo.training")
public interface TrainingConfig {

    /**
     * The training key: base64 of 32 bytes, or a Cloud KMS crypto key as {@code kms://…} (reached
     * with the {@code induo.crypto.kms.*} client settings). When set, {@link #keyFile()} is not read.
     */
    Optional<String> key();

    /** A file holding the training key as base64 text; read only when {@link #key()} is not set. */
    Optional<Path> keyFile();

    /** The object-store prefix training sets are written under, one folder per set. */
    @WithDefault("training/")
    String prefix();
}
