package ai.induo.platform.wiring;

import ai.induo.common.store.ObjectStore;
import ai.induo.common.store.gcs.GcsObjectStore;
import ai.induo.common.store.local.LocalObjectStore;
import ai.induo.platform.config.StoreConfig;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.function.Function;

/** Builds the {@link ObjectStore} that {@code induo.store.backend} names, checking its settings first. */
final class ObjectStoreSelection {

    private ObjectStoreSelection() {
    }

    /**
     * @param gcsClients makes the Storage client of the {@code gcs} backend from its (checked) settings;
     *     the store closes it
     */
    static ObjectStore create(StoreConfig config, Function<StoreConfig.Gcs, Storage> gcsClients) {
        return switch (config.backend()) {
            case StoreConfig.LOCAL -> local(config);
            case StoreConfig.GCS -> gcs(config.gcs(), gcsClients);
            default -> throw new ConfigurationException("unknown induo.store.backend '" + config.backend()
                    + "': expected " + StoreConfig.LOCAL + " or " + StoreConfig.GCS);
        };
    }

    /** A Storage client for the settings' project, authenticated by Application Default Credentials. */
    static Storage gcsClient(StoreConfig.Gcs gcs) {
        StorageOptions.Builder options = StorageOptions.newBuilder();
        gcs.projectId().ifPresent(options::setProjectId);
        return options.build().getService();
    }

    private static ObjectStore local(StoreConfig config) {
        try {
            Files.createDirectories(config.localRoot());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create object store root " + config.localRoot(), e);
        }
        return new LocalObjectStore(config.localRoot());
    }

    private static ObjectStore gcs(StoreConfig.Gcs gcs, Function<StoreConfig.Gcs, Storage> gcsClients) {
        String bucket = required(gcs.bucket(), "induo.store.gcs.bucket");
        required(gcs.region(), "induo.store.gcs.region");
        String prefix = gcs.prefix().orElse("");
        Storage client = gcsClients.apply(gcs);
        try {
            return new GcsObjectStore(client, bucket, prefix);
        } catch (IllegalArgumentException e) {
            ConfigurationException invalid = new ConfigurationException(
                    "invalid induo.store.gcs.prefix '" + prefix + "': " + e.getMessage(), e);
            try {
                client.close();
            } catch (Exception closeFailure) {
                invalid.addSuppressed(closeFailure);
            }
            throw invalid;
        }
    }

    private static String required(Optional<String> value, String key) {
        return value.filter(v -> !v.isBlank()).orElseThrow(() -> new ConfigurationException(
                key + " must be set when induo.store.backend=" + StoreConfig.GCS));
    }
}
