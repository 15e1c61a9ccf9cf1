package ai.induo.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.induo.common.store.ObjectNotFoundException;
import ai.induo.common.store.local.LocalObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptedObjectStoreTest {

    private static final long FIVE_MB = 5L * 1024 * 1024;
    private static final String ACCOUNT = "acct_1";

    @TempDir
    Path root;

    private final InMemoryAccountKeyStore keys = new InMemoryAccountKeyStore();
    private final MasterKey master = LocalMasterKey.generate();
    private final AccountKeyring keyring = new AccountKeyring(master, keys, Duration.ofMinutes(5),
            new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));

    private EncryptedObjectStore store() {
        return new EncryptedObjectStore(new LocalObjectStore(root), new EnvelopeCipher(keyring));
    }

    @Test
    void fiveMegabytesStreamThroughBothWays() throws IOException, NoSuchAlgorithmException {
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        try (InputStream source = new DigestInputStream(new PseudoRandomStream(FIVE_MB), written)) {
            store().put(ACCOUNT, "inputs/job_1/user", source);
        }

        MessageDigest read = MessageDigest.getInstance("SHA-256");
        long count;
        try (InputStream in = store().open(ACCOUNT, "inputs/job_1/user")) {
            count = new DigestInputStream(in, read).transferTo(OutputStream.nullOutputStream());
        }

        assertThat(count).isEqualTo(FIVE_MB);
        assertThat(read.digest()).isEqualTo(written.digest());
        assertThat(Files.size(root.resolve("inputs/job_1/user"))).isGreaterThan(FIVE_MB);
    }

    @Test
    void storedFileDoesNotContainThePlaintext() throws IOException {
        String plaintext = "CUSTOMER-FACE-PIXELS-".repeat(10_000);

        store().put(ACCOUNT, "inputs/job_1/user", out -> out.write(plaintext.getBytes(StandardCharsets.US_ASCII)));

        byte[] onDisk = Files.readAllBytes(root.resolve("inputs/job_1/user"));
        assertThat(new String(onDisk, StandardCharsets.ISO_8859_1)).startsWith("IND1").doesNotContain("CUSTOMER-FACE");
        try (InputStream in = store().open(ACCOUNT, "inputs/job_1/user")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo(plaintext);
        }
    }

    @Test
    void emptyObjectRoundTrips() throws IOException {
        store().put(ACCOUNT, "empty", InputStream.nullInputStream());

        try (InputStream in = store().open(ACCOUNT, "empty")) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    void failedWriterStoresNothingAndKeepsTheEarlierObject() throws IOException {
        store().put(ACCOUNT, "a/b", out -> out.write("earlier".getBytes(StandardCharsets.US_ASCII)));

        assertThatThrownBy(() -> store().put(ACCOUNT, "a/b", out -> {
            out.write(new byte[200_000]);
            throw new IOException("upload aborted");
        })).hasMessage("upload aborted");
        assertThatThrownBy(() -> store().put(ACCOUNT, "a/c", out -> {
            throw new IOException("upload aborted");
        })).hasMessage("upload aborted");

        try (InputStream in = store().open(ACCOUNT, "a/b")) {
            assertThat(in.readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo("earlier");
        }
        assertThat(store().list("a/")).containsExactly("a/b");
    }

    @Test
    void objectsOfAnErasedAccountCannotBeRead() throws IOException {
        store().put(ACCOUNT, "inputs/job_1/user", out -> out.write(1));
        store().put("acct_2", "inputs/job_2/user", out -> out.write(2));

        keyring.destroy(ACCOUNT);

        assertThatThrownBy(() -> store().open(ACCOUNT, "inputs/job_1/user")).isInstanceOf(KeyUnavailableException.class);
        try (InputStream in = store().open("acct_2", "inputs/job_2/user")) {
            assertThat(in.read()).isEqualTo(2);
        }
    }

    @Test
    void changedFileOnDiskIsDetected() throws IOException {
        store().put(ACCOUNT, "k", out -> out.write(new byte[10_000]));
        Path file = root.resolve("k");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);

        assertThatThrownBy(() -> {
            try (InputStream in = store().open(ACCOUNT, "k")) {
                in.readAllBytes();
            }
        }).isInstanceOf(DecryptionException.class);
    }

    @Test
    void anObjectCopiedIntoAnotherAccountsPathDoesNotOpenThere() throws IOException {
        store().put(ACCOUNT, "accounts/acct_1/jobs/job_1/output-0", out -> out.write(1));
        Path copy = root.resolve("accounts/acct_2/jobs/job_2/output-0");
        Files.createDirectories(copy.getParent());
        Files.copy(root.resolve("accounts/acct_1/jobs/job_1/output-0"), copy);

        assertThatThrownBy(() -> store().open("acct_2", "accounts/acct_2/jobs/job_2/output-0"))
                .isInstanceOf(KeyUnavailableException.class)
                .isNotInstanceOf(MasterKeyUnavailableException.class);
    }

    @Test
    void anObjectCopiedIntoAnotherPathOfItsAccountDoesNotOpenThere() throws IOException {
        store().put(ACCOUNT, "accounts/acct_1/jobs/job_1/inputs/person", out -> out.write(1));
        Path copy = root.resolve("accounts/acct_1/jobs/job_2/inputs/person");
        Files.createDirectories(copy.getParent());
        Files.copy(root.resolve("accounts/acct_1/jobs/job_1/inputs/person"), copy);

        assertThatThrownBy(() -> store().open(ACCOUNT, "accounts/acct_1/jobs/job_2/inputs/person"))
                .isInstanceOf(DecryptionException.class);
        try (InputStream in = store().open(ACCOUNT, "accounts/acct_1/jobs/job_1/inputs/person")) {
            assertThat(in.read()).isEqualTo(1);
        }
    }

    @Test
    void missingObjectIsNotFound() {
        assertThatThrownBy(() -> store().open(ACCOUNT, "missing")).isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void listAndDeleteReachTheUnderlyingStore() throws IOException {
        store().put(ACCOUNT, "outputs/job_1/result", out -> out.write(1));
        store().put(ACCOUNT, "outputs/job_2/result", out -> out.write(1));

        store().delete("outputs/job_1/result");
        store().delete("outputs/job_1/result");

        assertThat(store().list("outputs/")).containsExactly("outputs/job_2/result");
    }

    /** Deterministic bytes produced on demand, so a large object never exists in memory. */
    private static final class PseudoRandomStream extends InputStream {

        private final Random random = new Random(7);
        private long remaining;

        PseudoRandomStream(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            if (remaining == 0) {
                return -1;
            }
            remaining--;
            return random.nextInt(256);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int count = (int) Math.min(len, remaining);
            byte[] chunk = new byte[count];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, b, off, count);
            remaining -= count;
            return count;
        }
    }
}
