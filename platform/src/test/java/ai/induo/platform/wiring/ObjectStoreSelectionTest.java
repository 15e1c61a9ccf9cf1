package ai.induo.platform.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.induo.common.store.ObjectStore;
import ai.induo.common.store.gcs.GcsObjectStore;
import ai.induo.common.store.local.LocalObjectStore;
import ai.induo.platform.config.StoreConfig;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import ai.induo.stack.GcsStandInServer;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectStoreSelectionTest {

    private static final String BUCKET = "induo-objects";

    @TempDir
    Path dir;

    private final Storage fakeGcs = LocalStorageHelper.getOptions().getService();
    private final List<StoreConfig.Gcs> clientsMade = new ArrayList<>();
    private final Function<StoreConfig.Gcs, Storage> gcsClients = settings -> {
        clientsMade.add(settings);
        return fakeGcs;
    };

    @Test
    void localBackendStoresFilesBelowItsRoot() throws IOException {
        Path root = dir.resolve("objects");

        ObjectStore store = ObjectStoreSelection.create(config("local", gcs(null, null, null)), gcsClients);
        store.put("inputs/job_1/user", out -> out.write(bytes("local")));

        assertThat(store).isInstanceOf(LocalObjectStore.class);
        assertThat(root.resolve("inputs/job_1/user")).hasContent("local");
        assertThat(clientsMade).isEmpty();
    }

    @Test
    void gcsBackendStoresObjectsInTheBucketBelowThePrefix() throws IOException {
        StoreConfig.Gcs settings = gcs(BUCKET, "prod", "induo-prod");

        ObjectStore store = ObjectStoreSelection.create(config("gcs", settings), gcsClients);
        store.put("inputs/job_1/user", out -> out.write(bytes("in the cloud")));

        assertThat(store).isInstanceOf(GcsObjectStore.class);
        assertThat(clientsMade).containsExactly(settings);
        assertThat(fakeGcs.readAllBytes(BlobId.of(BUCKET, "prod/inputs/job_1/user"))).isEqualTo(bytes("in the cloud"));
        try (InputStream in = store.open("inputs/job_1/user")) {
            assertThat(in.readAllBytes()).isEqualTo(bytes("in the cloud"));
        }
    }

    @Test
    void gcsBackendWithoutPrefixNamesObjectsByTheirKeys() throws IOException {
        ObjectStore store = ObjectStoreSelection.create(config("gcs", gcs(BUCKET, null, null)), gcsClients);
        store.put("outputs/job_1/result", out -> out.write(bytes("x")));

        assertThat(fakeGcs.get(BlobId.of(BUCKET, "outputs/job_1/result"))).isNotNull();
    }

    @Test
    void gcsBackendWithoutBucketStopsStartupNamingTheSetting() {
        assertThatThrownBy(() -> ObjectStoreSelection.create(config("gcs", gcs(null, null, null)), gcsClients))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("induo.store.gcs.bucket must be set when induo.store.backend=gcs");
        assertThatThrownBy(() -> ObjectStoreSelection.create(config("gcs", gcs(" ", null, null)), gcsClients))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("induo.store.gcs.bucket");
        assertThat(clientsMade).isEmpty();
    }

    @Test
    void gcsBackendWithAnUnsafePrefixStopsStartup() {
        assertThatThrownBy(() -> ObjectStoreSelection.create(config("gcs", gcs(BUCKET, "../other", null)),
                gcsClients))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("induo.store.gcs.prefix");
    }

    @Test
    void gcsBackendAtALoopbackEndpointSharesObjectsBetweenSeparateClientsWithoutCredentials() throws Exception {
        try (GcsStandInServer standIn = GcsStandInServer.start(dir.resolve("gcs"), 0)) {
            StoreConfig config = config("gcs", gcs(BUCKET, "local", "induo-local", standIn.url()));
            ObjectStore gateway = ObjectStoreSelection.create(config, ObjectStoreSelection::gcsClient);
            ObjectStore worker = ObjectStoreSelection.create(config, ObjectStoreSelection::gcsClient);
            try {
                gateway.put("inputs/job_1/user", out -> out.write(bytes("from the gateway")));

                assertThat(worker.list("inputs/")).containsExactly("inputs/job_1/user");
                try (InputStream in = worker.open("inputs/job_1/user")) {
                    assertThat(in.readAllBytes()).isEqualTo(bytes("from the gateway"));
                }
            } finally {
                ((AutoCloseable) gateway).close();
                ((AutoCloseable) worker).close();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:4443", "http://127.0.0.2:4443/", "http://localhost:4443",
        "http://[::1]:4443"})
    void loopbackEndpointsAreRecognised(String endpoint) {
        assertThat(ObjectStoreSelection.isLoopback(endpoint)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://storage.googleapis.com", "http://10.0.0.5:4443", "http://localhost.example.com",
        "http://127.0.0.1.example.com"})
    void otherEndpointsKeepApplicationDefaultCredentials(String endpoint) {
        assertThat(ObjectStoreSelection.isLoopback(endpoint)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:4443", "ftp://127.0.0.1", "http://", "not a url"})
    void gcsBackendWithAnUnusableEndpointStopsStartupNamingTheSetting(String endpoint) {
        assertThatThrownBy(() -> ObjectStoreSelection.create(
                config("gcs", gcs(BUCKET, null, null, endpoint)), gcsClients))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("induo.store.gcs.endpoint");
        assertThat(clientsMade).isEmpty();
    }

    @Test
    void unknownBackendStopsStartupListingTheChoices() {
        assertThatThrownBy(() -> ObjectStoreSelection.create(config("s3", gcs(BUCKET, null, null)), gcsClients))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("unknown induo.store.backend 's3': expected local or gcs");
    }

    private StoreConfig config(String backend, StoreConfig.Gcs gcs) {
        return new TestStoreConfig(backend, dir.resolve("objects"), gcs);
    }

    private static StoreConfig.Gcs gcs(String bucket, String prefix, String projectId) {
        return gcs(bucket, prefix, projectId, null);
    }

    private static StoreConfig.Gcs gcs(String bucket, String prefix, String projectId, String endpoint) {
        return new TestGcs(Optional.ofNullable(bucket), Optional.ofNullable(prefix), Optional.ofNullable(projectId),
                Optional.ofNullable(endpoint));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private record TestStoreConfig(String backend, Path localRoot, StoreConfig.Gcs gcs) implements StoreConfig {
    }

    private record TestGcs(Optional<String> bucket, Optional<String> prefix, Optional<String> projectId,
            Optional<String> endpoint) implements StoreConfig.Gcs {
    }
}
