package ai.induo.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Properties;
import java.util.Random;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeCipherTest {

    private static final Duration CACHE_TTL = Duration.ofMinutes(5);
    /** Plaintext bytes in a 64 KiB ciphertext segment. */
    private static final int SEGMENT_PLAINTEXT = 64 * 1024 - 16;
    private static final String ACCOUNT = "acct_1";
    private static final String OBJECT_KEY = "accounts/acct_1/jobs/job_1/output-0";

    private final MasterKey master = LocalMasterKey.generate();
    private final InMemoryAccountKeyStore store = new InMemoryAccountKeyStore();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AccountKeyring keyring = new AccountKeyring(master, store, CACHE_TTL, clock);
    private final EnvelopeCipher cipher = new EnvelopeCipher(keyring);

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, SEGMENT_PLAINTEXT - 40, SEGMENT_PLAINTEXT, 3 * SEGMENT_PLAINTEXT + 7})
    void plaintextRoundTrips(int size) throws IOException {
        byte[] plaintext = randomBytes(size);

        byte[] ciphertext = encrypt(ACCOUNT, plaintext);

        assertThat(decrypt(ciphertext)).isEqualTo(plaintext);
    }

    @Test
    void ciphertextStartsWithTheHeaderNamingTheAccountKey() throws IOException {
        byte[] ciphertext = encrypt(ACCOUNT, randomBytes(10));

        assertThat(Arrays.copyOf(ciphertext, 5)).isEqualTo(new byte[] {'I', 'N', 'D', '1', 2});
        assertThat(keyIdOf(ciphertext)).isEqualTo(keyring.currentKey(ACCOUNT).keyId());
    }

    @Test
    void samePlaintextEncryptsDifferentlyEachTime() throws IOException {
        byte[] plaintext = randomBytes(1000);

        assertThat(encrypt(ACCOUNT, plaintext)).isNotEqualTo(encrypt(ACCOUNT, plaintext));
    }

    @Test
    void ciphertextDoesNotContainThePlaintext() throws IOException {
        byte[] plaintext = "SHOPPER-PHOTO-PIXELS-".repeat(1000).getBytes(StandardCharsets.US_ASCII);

        String ciphertext = new String(encrypt(ACCOUNT, plaintext), StandardCharsets.ISO_8859_1);

        assertThat(ciphertext).doesNotContain("SHOPPER-PHOTO");
    }

    @Test
    void everyChangedHeaderByteIsDetected() throws IOException {
        byte[] ciphertext = encrypt(ACCOUNT, randomBytes(1000));
        int keyIdEnd = 7 + keyIdOf(ciphertext).length();

        for (int position = 0; position < headerLength(ciphertext); position++) {
            byte[] changed = flip(ciphertext, position);
            if (position >= 5 && position < keyIdEnd) {
                // A changed key id names no stored key, or no valid one.
                assertThatThrownBy(decrypting(changed)).as("byte %d", position)
                        .isInstanceOfAny(DecryptionException.class, KeyUnavailableException.class);
            } else {
                assertThatThrownBy(decrypting(changed)).as("byte %d", position)
                        .isInstanceOf(DecryptionException.class);
            }
        }
    }

    @Test
    void everyChangedBodyByteIsDetected() throws IOException {
        byte[] ciphertext = encrypt(ACCOUNT, randomBytes(2 * SEGMENT_PLAINTEXT + 100));
        int header = headerLength(ciphertext);
        int[] positions = IntStream.concat(
                        IntStream.rangeClosed(header, header + 48),
                        IntStream.iterate(header + 49, p -> p < ciphertext.length, p -> p + 4099))
                .toArray();

        for (int position : positions) {
            assertThatThrownBy(decrypting(flip(ciphertext, position))).as("byte %d", position)
                    .isInstanceOf(DecryptionException.class);
        }
        assertThatThrownBy(decrypting(flip(ciphertext, ciphertext.length - 1)))
                .isInstanceOf(DecryptionException.class);
    }

    @Test
    void truncationIsDetectedWherever() throws IOException {
        byte[] ciphertext = encrypt(ACCOUNT, randomBytes(2 * SEGMENT_PLAINTEXT + 100));
        int header = headerLength(ciphertext);
        int[] lengths = {0, 3, 6, header - 1, header, header + 20, header + 64 * 1024, header + 2 * 64 * 1024,
            ciphertext.length - 1};

        for (int length : lengths) {
            assertThatThrownBy(decrypting(Arrays.copyOf(ciphertext, length))).as("cut to %d bytes", length)
                    .isInstanceOf(DecryptionException.class);
        }
    }

    @Test
    void appendedBytesAreDetected() throws IOException {
        byte[] ciphertext = encrypt(ACCOUNT, randomBytes(100));
        byte[] extended = Arrays.copyOf(ciphertext, ciphertext.length + 1);

        assertThatThrownBy(decrypting(extended)).isInstanceOf(DecryptionException.class);
    }

    @Test
    void oversizedHeaderFieldsAreRejectedBeforeReadingThem() throws IOException {
        byte[] header = ByteBuffer.allocate(7).put("IND1".getBytes(StandardCharsets.US_ASCII)).put((byte) 2)
                .putShort((short) 0xFFFF).array();

        assertThatThrownBy(decrypting(header))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("key id length 65535");
    }

    @Test
    void dataThatIsNotAnEncryptedObjectIsRejected() {
        assertThatThrownBy(decrypting("\u0089PNG plain image".getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("not an encrypted object");
    }

    @Test
    void objectsOfADestroyedAccountAreUnreadable() throws IOException {
        byte[] ciphertext = encrypt(ACCOUNT, randomBytes(100));

        keyring.destroy(ACCOUNT);

        assertThatThrownBy(decrypting(ciphertext)).isInstanceOf(KeyUnavailableException.class);
        assertThatThrownBy(decrypting(ciphertext)).isInstanceOf(KeyUnavailableException.class);
    }

    @Test
    void aProcessWithAnotherMasterKeyCannotDecrypt() throws IOException {
        byte[] ciphertext = encrypt(ACCOUNT, randomBytes(100));
        EnvelopeCipher other = new EnvelopeCipher(new AccountKeyring(LocalMasterKey.generate(), store, CACHE_TTL, clock));

        assertThatThrownBy(() -> other.decryptingStream(ACCOUNT, OBJECT_KEY, new ByteArrayInputStream(ciphertext))
                .readAllBytes())
                .isInstanceOf(KeyUnavailableException.class);
    }

    @Test
    void dataKeyMovedIntoAnotherAccountsObjectDoesNotDecrypt() throws IOException {
        byte[] fromA = encrypt("acct_a", randomBytes(100));
        byte[] fromB = encrypt("acct_b", randomBytes(100));
        int keyIdLength = keyIdOf(fromA).length();
        // B's header and body, with A's key id: B's wrapped data key does not open under A's key.
        byte[] spliced = fromB.clone();
        System.arraycopy(fromA, 7, spliced, 7, keyIdLength);

        assertThatThrownBy(decrypting("acct_a", OBJECT_KEY, spliced)).isInstanceOf(DecryptionException.class);
    }

    @Test
    void anObjectOpenedForAnotherAccountIsRefusedByTheKeyring() throws IOException {
        byte[] ciphertext = encrypt("acct_a", randomBytes(100));

        assertThatThrownBy(decrypting("acct_b", OBJECT_KEY, ciphertext))
                .isInstanceOf(KeyUnavailableException.class)
                .hasMessageContaining("is not a key of account acct_b");
    }

    @Test
    void anObjectCopiedUnderAnotherKeyOfTheSameAccountDoesNotOpen() throws IOException {
        byte[] ciphertext = encrypt(ACCOUNT, randomBytes(100));

        assertThatThrownBy(decrypting(ACCOUNT, "accounts/acct_1/jobs/job_2/output-0", ciphertext))
                .isInstanceOf(DecryptionException.class);
    }

    @Test
    void anObjectMarkedAsVersion1DoesNotOpen() throws IOException {
        byte[] ciphertext = encrypt(ACCOUNT, randomBytes(100));
        ciphertext[4] = 1;

        assertThatThrownBy(decrypting(ciphertext)).isInstanceOf(DecryptionException.class);
    }

    @Test
    void objectsWrittenInVersion1StillOpenForTheirAccountUnderAnyKey() throws IOException {
        Properties v1 = new Properties();
        try (InputStream in = EnvelopeCipherTest.class.getResourceAsStream("envelope-v1.properties")) {
            v1.load(in);
        }
        LocalMasterKey v1Master = LocalMasterKey.fromBase64(v1.getProperty("master-key"));
        InMemoryAccountKeyStore v1Store = new InMemoryAccountKeyStore();
        String account = v1.getProperty("account-id");
        v1Store.insert(new StoredAccountKey(v1.getProperty("account-key-id"), account, v1Master.id(),
                Base64.getDecoder().decode(v1.getProperty("wrapped-account-key")),
                Instant.parse(v1.getProperty("account-key-created-at")), null));
        EnvelopeCipher v1Cipher = new EnvelopeCipher(new AccountKeyring(v1Master, v1Store, CACHE_TTL, clock));
        byte[] object = Base64.getDecoder().decode(v1.getProperty("object"));

        assertThat(object[4]).isEqualTo((byte) 1);
        try (InputStream in = v1Cipher.decryptingStream(account, "any/key", new ByteArrayInputStream(object))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo(v1.getProperty("plaintext"));
        }
        assertThatThrownBy(() -> v1Cipher.decryptingStream("acct_other", "any/key", new ByteArrayInputStream(object)))
                .isInstanceOf(KeyUnavailableException.class);
    }

    @Test
    void objectsEncryptedBeforeARotationStillDecrypt() throws IOException {
        byte[] before = randomBytes(500);
        byte[] oldCiphertext = encrypt(ACCOUNT, before);

        clock.advance(Duration.ofDays(90));
        keyring.rotate(ACCOUNT);
        byte[] after = randomBytes(500);
        byte[] newCiphertext = encrypt(ACCOUNT, after);

        assertThat(keyIdOf(newCiphertext)).isNotEqualTo(keyIdOf(oldCiphertext));
        EnvelopeCipher otherProcess = new EnvelopeCipher(new AccountKeyring(master, store, CACHE_TTL, clock));
        assertThat(otherProcess.decryptingStream(ACCOUNT, OBJECT_KEY, new ByteArrayInputStream(oldCiphertext))
                .readAllBytes()).isEqualTo(before);
        assertThat(otherProcess.decryptingStream(ACCOUNT, OBJECT_KEY, new ByteArrayInputStream(newCiphertext))
                .readAllBytes()).isEqualTo(after);
    }

    @Test
    void failureOfTheUnderlyingStreamIsNotReportedAsTampering() throws IOException {
        byte[] ciphertext = encrypt(ACCOUNT, randomBytes(3 * SEGMENT_PLAINTEXT));
        IOException diskFailure = new IOException("disk gone");
        InputStream failing = new InputStream() {
            private int position;

            @Override
            public int read() throws IOException {
                if (position == 100_000) {
                    throw diskFailure;
                }
                return ciphertext[position++] & 0xFF;
            }
        };

        InputStream plaintext = cipher.decryptingStream(ACCOUNT, OBJECT_KEY, failing);

        assertThatThrownBy(plaintext::readAllBytes).isSameAs(diskFailure);
    }

    @Test
    void encryptingStreamClosesTheSinkWhenClosed() throws IOException {
        boolean[] closed = {false};
        OutputStream sink = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        cipher.encryptingStream(ACCOUNT, OBJECT_KEY, sink).close();

        assertThat(closed[0]).isTrue();
    }

    /** Encrypts for the account under {@link #OBJECT_KEY}. */
    private byte[] encrypt(String accountId, byte[] plaintext) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = cipher.encryptingStream(accountId, OBJECT_KEY, sink)) {
            out.write(plaintext);
        }
        return sink.toByteArray();
    }

    /** Decrypts as {@link #ACCOUNT}'s object under {@link #OBJECT_KEY}. */
    private byte[] decrypt(byte[] ciphertext) throws IOException {
        return decrypt(ACCOUNT, OBJECT_KEY, ciphertext);
    }

    private byte[] decrypt(String accountId, String objectKey, byte[] ciphertext) throws IOException {
        try (InputStream in = cipher.decryptingStream(accountId, objectKey, new ByteArrayInputStream(ciphertext))) {
            return in.readAllBytes();
        }
    }

    private ThrowingCallable decrypting(byte[] ciphertext) {
        return () -> decrypt(ciphertext);
    }

    private ThrowingCallable decrypting(String accountId, String objectKey, byte[] ciphertext) {
        return () -> decrypt(accountId, objectKey, ciphertext);
    }

    private static byte[] flip(byte[] bytes, int position) {
        byte[] changed = bytes.clone();
        changed[position] ^= 1;
        return changed;
    }

    private static String keyIdOf(byte[] ciphertext) {
        int length = ByteBuffer.wrap(ciphertext, 5, 2).getShort() & 0xFFFF;
        return new String(ciphertext, 7, length, StandardCharsets.US_ASCII);
    }

    private static int headerLength(byte[] ciphertext) {
        int keyIdEnd = 7 + keyIdOf(ciphertext).length();
        int wrappedLength = ByteBuffer.wrap(ciphertext, keyIdEnd, 2).getShort() & 0xFFFF;
        return keyIdEnd + 2 + wrappedLength;
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
