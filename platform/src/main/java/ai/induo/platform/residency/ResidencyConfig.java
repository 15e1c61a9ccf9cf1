package ai.induo.platform.residency;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** Where stored images and the master key may be kept; checked by {@link Residency} at start. */
@ConfigMapping(prefix = "induo.residency")
public interface ResidencyConfig {

    /**
     * Cloud Storage and Cloud KMS locations allowed, as exact names ({@code EU}, {@code europe-west4})
     * or globs with {@code *} ({@code europe-*}), compared without regard to case; {@code local} (the
     * one-machine stack) is always allowed.
     */
    @WithDefault("EU,europe-*")
    List<String> allowedLocations();
}
