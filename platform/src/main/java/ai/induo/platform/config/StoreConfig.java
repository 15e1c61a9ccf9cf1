package ai.induo.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Object storage for input and output images (always encrypted by us before it is written). */
@ConfigMapping(prefix = "induo.store")
public interface StoreConfig {

    /** Which backend: {@code local} (a directory on this machine). */
    @WithDefault("local")
    String backend();

    /** Root directory of the {@code local} backend. */
    @WithDefault("data/objects")
    Path localRoot();
}
