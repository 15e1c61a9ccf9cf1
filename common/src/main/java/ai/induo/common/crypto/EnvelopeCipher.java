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
 * The data key is wrapped with AES-256-GCM under the account key, bound to the header up to the key
 * id; the whole header is the associated data of the body, so any change to it or to the body fails
 * decryption. Version 2 (written now) also binds both to the object's owner, the account id and the
 * object key, which are not stored in the object: an object copied to another account's or another
 * job's key does not open there. Version 1 objects (written before) still open, bound to the header
 * only; for them, as for version 2, the keyring refuses an account key of another account.
 */
public final class EnvelopeCipher {

    static final byte[] MAGIC = "IND1".getBytes(StandardCharsets.US_ASCII);
    /** The version written: bound to the owner. */
    static final int FORMAT_VERSION = 2;
    /** The first version, still read: bound to the header only. */
    static final int UNBOUND_FORMAT_VERSION = 1;
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
     * Starts encrypting the object stored under {@code objectKey} for the account: writes the header
     * to {@code sink} and returns the stream to write the plaintext to. Closing the returned stream
     * writes the last segment and closes {@code sink}; an object whose stream was not closed does not
     * decrypt, nor does one opened for another account or under another object key.
     */
    public OutputStream encryptingStream(String accountId, String objectKey, OutputStream sink) throws IOException {
        Objects.requireNonNull(sink, "sink");
        byte[] owner = owner(accountId, objectKey);
        AccountKey accountKey = keyring.currentKey(accountId);
        byte[] keyId = accountKey.keyId().getBytes(StandardCharsets.US_ASCII);
        if (keyId.length > MAX_KEY_ID_BYTES || !KEY_ID.matcher(accountKey.keyId()).matches()) {
            throw new IllegalStateException("account key id does not fit the object header: " + accountKey.keyId());
        }
        byte[] dataKey = new byte[DATA_KEY_BYTES];
        RANDOM.nextBytes(dataKey);
        byte[] keyBinding = keyBinding(FORMAT_VERSION, keyId);
        byte[] header = header(keyBinding, accountKey.wrap(dataKey, concat(keyBinding, owner)));
        sink.write(header);
        try {
            return streamingAead(dataKey).newEncryptingStream(sink, concat(header, owner));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM-HKDF streaming encryption is not available", e);
        }
    }

    /**
     * Reads the header of the object stored under {@code objectKey} for the account from
     * {@code source} and returns a stream of the plaintext. Closing it closes {@code source}; when
     * this method throws, {@code source} is left open for the caller to close.
     *
     * @throws DecryptionException when the header is malformed or does not authenticate, also when
     *     the object was encrypted for another account or another object key; later reads throw it
     *     when the body was changed or truncated
     * @throws KeyUnavailableException when the account key is unknown, destroyed or another account's
     */
    public InputStream decryptingStream(String accountId, String objectKey, InputStream source) throws IOException {
        Objects.requireNonNull(source, "source");
        byte[] owner = owner(accountId, objectKey);
        DataInputStream in = new DataInputStream(source);
        byte[] keyBinding;
        byte[] wrappedDataKey;
        String keyId;
        int version;
        try {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new DecryptionException("not an encrypted object: unknown header");
            }
            version = in.readUnsignedByte();
            if (version != FORMAT_VERSION && version != UNBOUND_FORMAT_VERSION) {
                throw new DecryptionException("unsupported encrypted object format version " + version);
            }
            byte[] keyIdBytes = readField(in, MAX_KEY_ID_BYTES, "key id");
            keyId = new String(keyIdBytes, StandardCharsets.US_ASCII);
            if (!KEY_ID.matcher(keyId).matches()) {
                throw new DecryptionException("malformed encrypted object header: invalid key id");
            }
            keyBinding = keyBinding(version, keyIdBytes);
            wrappedDataKey = readField(in, MAX_WRAPPED_KEY_BYTES, "wrapped key");
        } catch (EOFException e) {
            throw new DecryptionException("encrypted object is truncated inside its header");
        }
        byte[] ownerBinding = version == FORMAT_VERSION ? owner : new byte[0];
        byte[] dataKey = keyring.key(accountId, keyId).unwrap(wrappedDataKey, concat(keyBinding, ownerBinding));
        FailureRecordingInputStream tracked = new FailureRecordingInputStream(source);
        try {
            InputStream plaintext = streamingAead(dataKey)
                    .newDecryptingStream(tracked, concat(header(keyBinding, wrappedDataKey), ownerBinding));
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
    private static byte[] keyBinding(int version, byte[] keyId) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(MAGIC);
        out.writeByte(version);
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

    /** What a version 2 object is bound to beyond its header: the account id and the object key, each length-prefixed. */
    private static byte[] owner(String accountId, String objectKey) throws IOException {
        byte[] account = Objects.requireNonNull(accountId, "accountId").getBytes(StandardCharsets.UTF_8);
        byte[] key = Objects.requireNonNull(objectKey, "objectKey").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(account.length);
        out.write(account);
        out.writeInt(key.length);
        out.write(key);
        return bytes.toByteArray();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
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
