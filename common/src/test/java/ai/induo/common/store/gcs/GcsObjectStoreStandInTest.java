package ai.induo.common.store.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.induo.common.store.ObjectNotFoundException;
import ai.induo.common.store.ObjectStore;
import ai.induo.common.store.ObjectStoreContractTest;
import ai.induo.stack.GcsStandInServer;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageClass;
import com.google.cloud.storage.StorageOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The object-store contract against GCS through the Storage client's real HTTP transport, served by
 * the stand-in the one-machine stack runs ({@link GcsStandInServer}), so separate processes share a
 * bucket; also what only a server shared by several clients shows.
 */
class GcsObjectStoreStandInTest extends ObjectStoreContractTest {

    private static final String BUCKET = "induo-test";
    private static final String PREFIX = "tenant-a";

    @TempDir
    Path dir;

    private GcsStandInServer server;
    private final List<GcsObjectStore> stores = new ArrayList<>();

    @Override
    protected ObjectStore newStore() throws IOException {
        server = GcsStandInServer.start(dir, 0);
        return client(PREFIX);
    }

    @AfterEach
    void stop() throws Exception {
        for (GcsObjectStore store : stores) {
            store.close();
        }
        server.close();
    }

    @Test
    void objectWrittenThroughOneClientIsReadThroughAnother() throws IOException {
        put("outputs/job_1/result", "shared");

        ObjectStore other = client(PREFIX);

        try (InputStream in = other.open("outputs/job_1/result")) {
            assertThat(in.readAllBytes()).asString().isEqualTo("shared");
        }
        assertThat(other.list("outputs/")).containsExactly("outputs/job_1/result");
    }

    @Test
    void theBucketsLifecycleDeleteAgesAreRead() throws Exception {
        GcsObjectStore store = client(PREFIX);
        assertThat(store.lifecycleDeleteAges()).isEmpty();

        try (Storage storage = storage()) {
            storage.update(BucketInfo.newBuilder(BUCKET).setLifecycleRules(List.of(
                    new BucketInfo.LifecycleRule(BucketInfo.LifecycleRule.LifecycleAction.newDeleteAction(),
                            BucketInfo.LifecycleRule.LifecycleCondition.newBuilder().setAge(31).build()),
                    new BucketInfo.LifecycleRule(BucketInfo.LifecycleRule.LifecycleAction.newSetStorageClassAction(
                            StorageClass.NEARLINE), BucketInfo.LifecycleRule.LifecycleCondition.newBuilder().setAge(7).build())))
                    .build());
        }

        assertThat(store.lifecycleDeleteAges()).containsExactly(Duration.ofDays(31));
    }

    @Test
    void objectsSurviveARestartOfTheStandIn() throws IOException {
        put("inputs/job_1/user", "kept");

        server.close();
        server = GcsStandInServer.start(dir, 0);

        assertThat(read(client(PREFIX), "inputs/job_1/user")).isEqualTo("kept");
    }

    @Test
    void objectIsNamedByTheKeyBelowThePrefix() throws Exception {
        put("inputs/job_1/user", "content");

        try (Storage storage = storage()) {
            assertThat(storage.readAllBytes(BlobId.of(BUCKET, PREFIX + "/inputs/job_1/user")))
                    .asString().isEqualTo("content");
        }
        assertThat(client("tenant-b").list("")).isEmpty();
    }

    @Test
    void readerOpenedBeforeAnOverwriteFindsItsGenerationGone() throws IOException {
        put("a/b", "first");

        try (InputStream in = store.open("a/b")) {
            put("a/b", "second");

            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class);
        }
        assertThat(read("a/b")).isEqualTo("second");
    }

    @Test
    void aDeletedObjectIsGoneForEveryClient() throws IOException {
        put("a/b", "x");
        ObjectStore other = client(PREFIX);

        other.delete("a/b");

        assertThatThrownBy(() -> store.open("a/b")).isInstanceOf(ObjectNotFoundException.class);
    }

    private GcsObjectStore client(String prefix) {
        GcsObjectStore client = new GcsObjectStore(storage(), BUCKET, prefix);
        stores.add(client);
        return client;
    }

    private Storage storage() {
        return StorageOptions.newBuilder()
                .setHost(server.url())
                .setProjectId("induo-test-project")
                .setCredentials(NoCredentials.getInstance())
                .build()
                .getService();
    }

    private static String read(ObjectStore from, String key) throws IOException {
        try (InputStream in = from.open(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
