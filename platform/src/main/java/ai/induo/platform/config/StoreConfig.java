package ai.induo.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** Object storage for input and output images (always encrypted by us before it is written). */
@ConfigMapping(prefix = "induo.store")
public interface StoreConfig {

    /** Which backend: {@code local} (a directory on this machine) or {@code gcs} (a Google Cloud Storage bucket). */
    @WithDefault("local")
    String backend();

    /** Root directory of the {@code local} backend. */
    @WithDefault("data/objects")
    Path localRoot();

    /** Settings of the {@code gcs} backend. */
    Gcs gcs();

    /** The {@link #backend()} that keeps objects in a directory. */
    String LOCAL = "local";
    /** The {@link #backend()} that keeps objects in a Google Cloud Storage bucket. */
    String GCS = "gcs";

    /**
     * The {@code gcs} backend; credentials come from Application Default Credentials, except for an
     * {@link #endpoint()} on the loopback interface (the local stand-in), which gets none.
     */
    interface Gcs {

        /** The bucket's name; required with the {@code gcs} backend. */
        Optional<String> bucket();

        /** Prepended to every object name (a {@code /} is added when missing); none when absent. */
        Optional<String> prefix();

        /** The Google Cloud project; when absent, the one Application Default Credentials name. */
        Optional<String> projectId();

        /**
         * Base URL of the Cloud Storage JSON API (for example {@code http://127.0.0.1:4443}), for the
         * local stand-in or a private endpoint; Google's public endpoint when absent.
         */
        Optional<String> endpoint();
    }
}
