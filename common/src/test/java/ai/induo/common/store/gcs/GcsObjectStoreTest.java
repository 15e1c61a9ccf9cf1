package ai.induo.common.store.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.induo.common.store.ObjectStore;
import ai.induo.common.store.ObjectStoreContractTest;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The object-store contract against GCS, through Google's in-process fake of the Storage client. */
class GcsObjectStoreTest extends ObjectStoreContractTest {

    private static final String BUCKET = "induo-test";
    private static final String PREFIX = "tenant-a";

    private Storage storage;

    /**
     * LocalStorageHelper's fake lists objects in the order they were stored and refuses the
     * {@code startOffset} option ("Unknown option"), where GCS lists in name order from the offset; the
     * contract's paging test runs against the stand-in ({@link GcsObjectStoreStandInTest}), which
     * lists as GCS does. Here: the first page holds at most the page's size.
     */
    @Override
    @Test
    protected void pagesWalkTheListingInOrderFromAfterTheCursor() throws IOException {
        put("a/job_1/in", "x");
        put("a/job_1/out", "x");
        put("a/job_2/in", "x");
        put("b/job_1/in", "x");

        assertThat(store.list("a/", null, 2)).containsExactly("a/job_1/in", "a/job_1/out");
        assertThat(store.list("a/", null, 10)).containsExactly("a/job_1/in", "a/job_1/out", "a/job_2/in");
    }

    @Override
    protected ObjectStore newStore() {
        storage = UploadsInvisibleUntilFinished.wrap(LocalStorageHelper.getOptions().getService());
        return new GcsObjectStore(storage, BUCKET, PREFIX);
    }

    @Test
    void objectIsNamedByTheKeyBelowThePrefix() throws IOException {
        put("inputs/job_1/user", "content");

        byte[] stored = storage.readAllBytes(BlobId.of(BUCKET, PREFIX + "/inputs/job_1/user"));
        assertThat(new String(stored, StandardCharsets.UTF_8)).isEqualTo("content");
    }

    @Test
    void objectsOutsideThePrefixAreNotListed() throws IOException {
        put("a/b", "mine");
        storage.create(BlobInfo.newBuilder(BUCKET, "tenant-b/a/c").build(),
                "other".getBytes(StandardCharsets.UTF_8));

        assertThat(store.list("")).containsExactly("a/b");
        assertThatThrownBy(() -> store.open("../tenant-b/a/c")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void storeWithoutPrefixNamesObjectsByTheirKeys() throws IOException {
        ObjectStore unprefixed = new GcsObjectStore(storage, BUCKET, "");

        unprefixed.put("a/b", out -> out.write(1));

        assertThat(storage.get(BlobId.of(BUCKET, "a/b"))).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/etc/passwd", "../outside", "a/..", "a\\b", "a//b", "a/", ".hidden"})
    void unsafeKeysAreRejected(String key) {
        assertThatThrownBy(() -> store.put(key, out -> out.write(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.open(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "../x", "a//"})
    void unsafePrefixesAreRejected(String prefix) {
        assertThatThrownBy(() -> new GcsObjectStore(storage, BUCKET, prefix))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
