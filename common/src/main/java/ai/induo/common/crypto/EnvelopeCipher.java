package ai.induo.common.crypto;

import ai.induo.common.io.FailureRecordingInputStream;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Envelope encryption of streams: every object gets a fresh random data key, wrapped by the
 * account's current key; the body is encrypted with Tink's AES-256-GCM-HKDF streaming AEAD in
 * 64 KiB segments, so objects of any size pass through in bounded memory.
 *
 * <p>Format: a header, then Tink's ciphertext. The header is
 * <pre>
 *   "IND1" | version (1 byte) | key id length (u16) | key id (ASCII) | wrapped key length (u16) | wrapped data key
 * </pre>
 * and is the associated data of the body, so any change to it or to the body fails decryption. The
 * data key is wrapped with AES-256-GCM under the account key, bound to the header up to the key id.
 */
public final class EnvelopeCipher {

    static final byte[] MAGIC = "IND1".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT_VERSION = 1;
    static final int MAX_KEY_ID_BYTES = 128;
    static final int MAX_WRAPPED_KEY_BYTES = 256;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]+");
    private static final int DATA_KEY_BYTES = 32;
    private static final String HKDF_ALGORITHM = "HmacSha256";
    private static final int CIPHERTEXT_SEGMENT_BYTES = 64 * 1024;
    private static final int FIRST_SEGMENT_OFFSET = 0;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccountKeyring keyring;

    public EnvelopeCipher(AccountKeyring keyring) {
        this.keyring = Objects.requireNonNull(keyring, "keyring");
    }

    /**
     * Starts encrypting an object for the account: writes the header to {@code sink} and returns the
     * stream to write the plaintext to. Closing the returned stream writes the last segment and
     * closes {@code sink}; an object whose stream was not closed does not decrypt.
     */
    public OutputStream encryptingStream(String accountId, OutputStream sink) throws IOException {
        Objects.requireNonNull(sink, "sink");
        AccountKey accountKey = keyring.currentKey(accountId);
        byte[] keyId = accountKey.keyId().getBytes(StandardCharsets.US_ASCII);
        if (keyId.length > MAX_KEY_ID_BYTES || !KEY_ID.matcher(accountKey.keyId()).matches()) {
            throw new IllegalStateException("account key id does not fit the object header: " + accountKey.keyId());
        }
        byte[] dataKey = new byte[DATA_KEY_BYTES];
        RANDOM.nextBytes(dataKey);
        byte[] keyBinding = keyBinding(keyId);
        byte[] header = header(keyBinding, accountKey.wrap(dataKey, keyBinding));
        sink.write(header);
        try {
            return streamingAead(dataKey).newEncryptingStream(sink, header);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM-HKDF streaming encryption is not available", e);
        }
    }

    /**
     * Reads the header from {@code source} and returns a stream of the plaintext. Closing it closes
     * {@code source}; when this method throws, {@code source} is left open for the caller to close.
     *
     * @throws DecryptionException when the header is malformed or does not authenticate; later reads
     *     throw it when the body was changed or truncated
     * @throws KeyUnavailableException when the account key is unknown or destroyed
     */
    public InputStream decryptingStream(InputStream source) throws IOException {
        Objects.requireNonNull(source, "source");
        DataInputStream in = new DataInputStream(source);
        byte[] keyBinding;
        byte[] wrappedDataKey;
        String keyId;
        try {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new DecryptionException("not an encrypted object: unknown header");
            }
            int version = in.readUnsignedByte();
            if (version != FORMAT_VERSION) {
                throw new DecryptionException("unsupported encrypted object format version " + version);
            }
            byte[] keyIdBytes = readField(in, MAX_KEY_ID_BYTES, "key id");
            keyId = new String(keyIdBytes, StandardCharsets.US_ASCII);
            if (!KEY_ID.matcher(keyId).matches()) {
                throw new DecryptionException("malformed encrypted object header: invalid key id");
            }
            keyBinding = keyBinding(keyIdBytes);
            wrappedDataKey = readField(in, MAX_WRAPPED_KEY_BYTES, "wrapped key");
        } catch (EOFException e) {
            throw new DecryptionException("encrypted object is truncated inside its header");
        }
        byte[] dataKey = keyring.key(keyId).unwrap(wrappedDataKey, keyBinding);
        FailureRecordingInputStream tracked = new FailureRecordingInputStream(source);
        try {
            InputStream plaintext =
                    streamingAead(dataKey).newDecryptingStream(tracked, header(keyBinding, wrappedDataKey));
            return new DecryptingInputStream(plaintext, tracked);
        } catch (GeneralSecurityException e) {
            throw new DecryptionException("encrypted object body cannot be decrypted", e);
        }
    }

    private static byte[] readField(DataInputStream in, int maxBytes, String name) throws IOException {
        int length = in.readUnsignedShort();
        if (length == 0 || length > maxBytes) {
            throw new DecryptionException("malformed encrypted object header: " + name + " length " + length);
        }
        byte[] field = new byte[length];
        in.readFully(field);
        return field;
    }

    /** The header up to and including the key id. */
    private static byte[] keyBinding(byte[] keyId) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(MAGIC);
        out.writeByte(FORMAT_VERSION);
        out.writeShort(keyId.length);
        out.write(keyId);
        return bytes.toByteArray();
    }

    private static byte[] header(byte[] keyBinding, byte[] wrappedDataKey) throws IOException {
        if (wrappedDataKey.length > MAX_WRAPPED_KEY_BYTES) {
            throw new IllegalStateException("wrapped data key does not fit the object header");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(keyBinding);
        out.writeShort(wrappedDataKey.length);
        out.write(wrappedDataKey);
        return bytes.toByteArray();
    }

    private static StreamingAead streamingAead(byte[] dataKey) throws GeneralSecurityException {
        return new AesGcmHkdfStreaming(dataKey, HKDF_ALGORITHM, DATA_KEY_BYTES, CIPHERTEXT_SEGMENT_BYTES,
                FIRST_SEGMENT_OFFSET);
    }

    /** Reports Tink's authentication failures as {@link DecryptionException}, source failures as they are. */
    private static final class DecryptingInputStream extends FilterInputStream {

        private final FailureRecordingInputStream source;

        DecryptingInputStream(InputStream plaintext, FailureRecordingInputStream source) {
            super(plaintext);
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw translate(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw translate(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return super.skip(n);
            } catch (IOException e) {
                throw translate(e);
            }
        }

        private IOException translate(IOException e) {
            if (e == source.failure() || e instanceof DecryptionException) {
                return e;
            }
            return new DecryptionException("encrypted object was changed or truncated", e);
        }
    }
}
