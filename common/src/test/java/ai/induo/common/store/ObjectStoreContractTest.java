package ai.induo.common.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ObjectStore} adapter promises. An adapter's test extends this class and
 * supplies a fresh, empty store.
 */
public abstract class ObjectStoreContractTest {

    private static final int LARGE_OBJECT_BYTES = 3 * 1024 * 1024 + 17;
    private static final int CONCURRENT_WRITERS = 4;
    private static final Duration CONCURRENT_WRITE_TIMEOUT = Duration.ofSeconds(60);

    protected ObjectStore store;

    /** A new store with no objects. */
    protected abstract ObjectStore newStore() throws IOException;

    @BeforeEach
    void createStore() throws IOException {
        store = newStore();
    }

    @Test
    void storedObjectReadsBackExactly() throws IOException {
        put("inputs/job_1/user", "hello");

        assertThat(read("inputs/job_1/user")).isEqualTo("hello");
    }

    @Test
    void emptyObjectIsStored() throws IOException {
        store.put("empty", out -> { });

        try (InputStream in = store.open("empty")) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    void largeObjectRoundTripsByteForByte() throws IOException {
        byte[] data = new byte[LARGE_OBJECT_BYTES];
        new Random(42).nextBytes(data);

        store.put("outputs/job_1/result", out -> out.write(data));

        try (InputStream in = store.open("outputs/job_1/result")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void writerMayCloseTheStream() throws IOException {
        store.put("closed/by/writer", out -> {
            try (out) {
                out.write("complete".getBytes(StandardCharsets.UTF_8));
            }
        });

        assertThat(read("closed/by/writer")).isEqualTo("complete");
    }

    @Test
    void putReplacesTheEarlierObject() throws IOException {
        put("a/b", "first");
        put("a/b", "second");

        assertThat(read("a/b")).isEqualTo("second");
    }

    @Test
    void concurrentWritersOfOneKeyLeaveOneWholeObject() throws Exception {
        List<byte[]> contents = new ArrayList<>();
        for (int writer = 0; writer < CONCURRENT_WRITERS; writer++) {
            byte[] content = new byte[LARGE_OBJECT_BYTES];
            Arrays.fill(content, (byte) writer);
            contents.add(content);
        }
        ExecutorService writers = Executors.newFixedThreadPool(CONCURRENT_WRITERS);
        try {
            List<Future<Object>> puts = new ArrayList<>();
            for (byte[] content : contents) {
                puts.add(writers.submit(() -> {
                    store.put("outputs/job_1/result", out -> out.write(content));
                    return null;
                }));
            }
            for (Future<Object> put : puts) {
                put.get(CONCURRENT_WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            writers.shutdownNow();
        }

        try (InputStream in = store.open("outputs/job_1/result")) {
            byte[] stored = in.readAllBytes();
            assertThat(contents).anySatisfy(content -> assertThat(stored).isEqualTo(content));
        }
        assertThat(store.list("outputs/")).containsExactly("outputs/job_1/result");
    }

    @Test
    void failedWriterStoresNothing() throws IOException {
        assertThatThrownBy(() -> store.put("a/b", failingAfterSomeBytes()))
                .isInstanceOf(IOException.class)
                .hasMessage("writer failed");

        assertThatThrownBy(() -> store.open("a/b")).isInstanceOf(ObjectNotFoundException.class);
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void failedWriterKeepsTheEarlierObject() throws IOException {
        put("a/b", "kept");

        assertThatThrownBy(() -> store.put("a/b", failingAfterSomeBytes())).isInstanceOf(IOException.class);

        assertThat(read("a/b")).isEqualTo("kept");
        assertThat(store.list("")).containsExactly("a/b");
    }

    @Test
    void openingAMissingObjectThrowsObjectNotFound() {
        assertThatThrownBy(() -> store.open("missing/object"))
                .isInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining("missing/object");
    }

    @Test
    void deletedObjectIsGone() throws IOException {
        put("a/b", "x");

        store.delete("a/b");

        assertThatThrownBy(() -> store.open("a/b")).isInstanceOf(ObjectNotFoundException.class);
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void deletingAMissingObjectIsNotAnError() throws IOException {
        store.delete("never/stored");

        assertThat(store.list("")).isEmpty();
    }

    @Test
    void listReturnsKeysWithThePrefixInLexicographicOrder() throws IOException {
        put("inputs/job_2/user", "x");
        put("inputs/job_10/user", "x");
        put("inputs/job_1/product_1", "x");
        put("inputs/job_1/user", "x");
        put("outputs/job_1/result", "x");

        assertThat(store.list("inputs/")).containsExactly(
                "inputs/job_1/product_1", "inputs/job_1/user", "inputs/job_10/user", "inputs/job_2/user");
        assertThat(store.list("inputs/job_1")).containsExactly(
                "inputs/job_1/product_1", "inputs/job_1/user", "inputs/job_10/user");
        assertThat(store.list("inputs/job_1/")).containsExactly("inputs/job_1/product_1", "inputs/job_1/user");
        assertThat(store.list("")).hasSize(5).isSorted();
        assertThat(store.list("nothing/")).isEmpty();
    }

    @Test
    protected void pagesWalkTheListingInOrderFromAfterTheCursor() throws IOException {
        put("a/job_1/in", "x");
        put("a/job_1/out", "x");
        put("a/job_10/in", "x");
        put("a/job_1-x/in", "x");
        put("a/job_2/in", "x");
        put("b/job_1/in", "x");

        assertThat(store.list("a/", null, 2)).containsExactly("a/job_1-x/in", "a/job_1/in");
        assertThat(store.list("a/", "a/job_1/in", 2)).containsExactly("a/job_1/out", "a/job_10/in");
        assertThat(store.list("a/", "a/job_10/in", 2)).containsExactly("a/job_2/in");
        assertThat(store.list("a/", "a/job_2/in", 2)).isEmpty();
        assertThat(store.list("a/job_1/", "a/job_1", 10)).containsExactly("a/job_1/in", "a/job_1/out");
        assertThat(store.list("", "a/job_2/in", 10)).containsExactly("b/job_1/in");
        List<String> walked = new ArrayList<>();
        for (List<String> page = store.list("", null, 1); !page.isEmpty();
                page = store.list("", page.get(page.size() - 1), 1)) {
            walked.addAll(page);
        }
        assertThat(walked).isEqualTo(store.list(""));
    }

    protected final void put(String key, String content) throws IOException {
        store.put(key, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    protected final String read(String key) throws IOException {
        try (InputStream in = store.open(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static ObjectStore.ObjectWriter failingAfterSomeBytes() {
        return (OutputStream out) -> {
            out.write(new byte[100_000]);
            throw new IOException("writer failed");
        };
    }
}
