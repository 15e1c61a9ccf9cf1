package ai.induo.platform.wiring;

import ai.induo.common.store.ObjectStore;
import ai.induo.common.store.gcs.GcsObjectStore;
import ai.induo.common.store.local.LocalObjectStore;
import ai.induo.platform.config.StoreConfig;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.common.net.InetAddresses;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Builds the {@link ObjectStore} that {@code induo.store.backend} names, checking its settings first. */
final class ObjectStoreSelection {

    private static final String LOCALHOST = "localhost";
    private static final Set<String> ENDPOINT_SCHEMES = Set.of("http", "https");

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

    /**
     * A Storage client for the settings' project and endpoint, authenticated by Application Default
     * Credentials, or by none when the endpoint is on the loopback interface (the local stand-in).
     */
    static Storage gcsClient(StoreConfig.Gcs gcs) {
        StorageOptions.Builder options = StorageOptions.newBuilder();
        gcs.projectId().ifPresent(options::setProjectId);
        gcs.endpoint().ifPresent(endpoint -> {
            options.setHost(endpoint);
            if (isLoopback(endpoint)) {
                options.setCredentials(NoCredentials.getInstance());
            }
        });
        return options.build().getService();
    }

    /** Whether the endpoint's host is {@code localhost} or a loopback address literal; names are not resolved. */
    static boolean isLoopback(String endpoint) {
        String host = URI.create(endpoint).getHost();
        if (host == null) {
            return false;
        }
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return literal.equalsIgnoreCase(LOCALHOST)
                || InetAddresses.isInetAddress(literal) && InetAddresses.forString(literal).isLoopbackAddress();
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
        gcs.endpoint().ifPresent(ObjectStoreSelection::checkEndpoint);
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

    private static void checkEndpoint(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw new ConfigurationException("invalid induo.store.gcs.endpoint '" + endpoint + "': " + e.getMessage(),
                    e);
        }
        if (!ENDPOINT_SCHEMES.contains(String.valueOf(uri.getScheme())) || uri.getHost() == null) {
            throw new ConfigurationException("invalid induo.store.gcs.endpoint '" + endpoint
                    + "': expected an http or https URL such as http://127.0.0.1:4443");
        }
    }

    private static String required(Optional<String> value, String key) {
        return value.filter(v -> !v.isBlank()).orElseThrow(() -> new ConfigurationException(
                key + " must be set when induo.store.backend=" + StoreConfig.GCS));
    }
}
