package ai.induo.common.store.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.induo.common.store.ObjectStore;
import ai.induo.common.store.ObjectStoreContractTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalObjectStoreTest extends ObjectStoreContractTest {

    @TempDir
    Path root;

    @Override
    protected ObjectStore newStore() {
        return new LocalObjectStore(root);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/etc/passwd", "../outside", "a/../../outside", "a/..", "a\\b", "a//b", "a/", "/",
        "a/./b", ".hidden", "a/.tmp-x.part", "a\0b"})
    void unsafeKeysAreRejected(String key) {
        assertThatThrownBy(() -> store.put(key, out -> out.write(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.open(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../", "/", "a\\"})
    void unsafePrefixesAreRejected(String prefix) {
        assertThatThrownBy(() -> store.list(prefix)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void objectIsAFileBelowTheRoot() throws IOException {
        put("inputs/job_1/user", "content");

        assertThat(root.resolve("inputs/job_1/user")).hasContent("content");
    }

    @Test
    void failedWriterLeavesNoTemporaryFile() throws IOException {
        put("a/kept", "x");

        assertThatThrownBy(() -> store.put("a/b", out -> {
            out.write(new byte[1000]);
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(filesUnder(root)).containsExactly(root.resolve("a/kept"));
    }

    @Test
    void temporaryFilesOfWritesInProgressAreNotListed() throws IOException {
        put("a/b", "x");
        Files.writeString(root.resolve("a/.tmp-123.part"), "half written");

        assertThat(store.list("")).containsExactly("a/b");
        assertThat(store.list("a/")).containsExactly("a/b");
    }

    @Test
    void deletingTheLastObjectOfADirectoryRemovesTheDirectory() throws IOException {
        put("inputs/job_1/user", "x");
        put("inputs/job_2/user", "x");

        store.delete("inputs/job_1/user");

        assertThat(root.resolve("inputs/job_1")).doesNotExist();
        assertThat(root.resolve("inputs/job_2/user")).exists();
        assertThat(root).exists();
    }

    @Test
    void aDirectoryIsNotAnObject() throws IOException {
        put("inputs/job_1/user", "x");

        assertThatThrownBy(() -> store.open("inputs/job_1"))
                .isInstanceOf(ai.induo.common.store.ObjectNotFoundException.class);
    }

    private static java.util.List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
