package ai.induo.common.crypto;

import com.google.crypto.tink.subtle.AesGcmJce;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * Encrypts copies of images kept for one purpose (safety cases, training sets) under that purpose's
 * own key, which is not the master key: account keys do not open them, and the purpose key opens
 * nothing of an account's. Each object gets a fresh AES-256 data key, wrapped by the purpose key;
 * the body is AES-256-GCM (Tink). Both are bound to the purpose and the object's key, so a copy
 * under another name, or another purpose's object, does not open.
 *
 * <p>Format: {@code magic (4 bytes) | version (1 byte) | purpose key id length (u16) | id | wrapped
 * data key length (u16) | wrapped data key | nonce, ciphertext and tag}. The header is the body's
 * associated data with the purpose and the object key.
 */
public final class SealedObjectCipher {

    private static final int FORMAT_VERSION = 1;
    private static final int DATA_KEY_BYTES = 32;
    private static final int MAX_FIELD_BYTES = 512;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MasterKey purposeKey;
    private final String purpose;
    private final byte[] magic;

    /**
     * @param purposeKey the key of the purpose, never the master key
     * @param purpose what the copies are for, e.g. {@code safety}; bound into every object
     * @param magic the four ASCII bytes that start every object, e.g. {@code INDS}
     */
    public SealedObjectCipher(MasterKey purposeKey, String purpose, String magic) {
        this.purposeKey = Objects.requireNonNull(purposeKey, "purposeKey");
        this.purpose = Objects.requireNonNull(purpose, "purpose");
        this.magic = magic.getBytes(StandardCharsets.US_ASCII);
        if (this.magic.length != 4) {
            throw new IllegalArgumentException("the magic is four ASCII bytes, not " + magic);
        }
    }

    /** The sealed form of {@code plaintext}, to be stored under {@code objectKey}. */
    public byte[] seal(String objectKey, byte[] plaintext) throws IOException {
        byte[] dataKey = new byte[DATA_KEY_BYTES];
        RANDOM.nextBytes(dataKey);
        WrappedSecret wrapped = purposeKey.wrap(dataKey, objectKey(objectKey));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(magic);
        out.writeByte(FORMAT_VERSION);
        writeField(out, wrapped.masterKeyId().getBytes(StandardCharsets.US_ASCII));
        writeField(out, wrapped.ciphertext());
        byte[] header = bytes.toByteArray();
        try {
            out.write(new AesGcmJce(dataKey).encrypt(plaintext, concat(header, objectKey(objectKey))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM", e);
        }
        return bytes.toByteArray();
    }

    /**
     * The plaintext of what {@link #seal} made for {@code objectKey}.
     *
     * @throws DecryptionException when it was changed, sealed under another key or object key, or is
     *          */
    public byte[] open(String objectKey, byte[] sealed) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(sealed));
        try {
            if (!Arrays.equals(in.readNBytes(magic.length), magic) || in.readUnsignedByte() != FORMAT_VERSION) {
                throw new DecryptionException("not a sealed " + purpose + " object");
            }
            String keyId = new String(readField(in), StandardCharsets.US_ASCII);
            byte[] wrapped = readField(in);
            int headerLength = sealed.length - in.available();
            byte[] dataKey = purposeKey.unwrap(new WrappedSecret(keyId, wrapped), objectKey(objectKey));
            byte[] body = in.readAllBytes();
            return new AesGcmJce(dataKey).decrypt(body,
                    concat(Arrays.copyOf(sealed, headerLength), objectKey(objectKey)));
        } catch (EOFException e) {
            throw new DecryptionException("sealed " + purpose + " object is truncated");
        } catch (GeneralSecurityException e) {
            throw new DecryptionException("sealed " + purpose + " object does not authenticate");
        }
    }

    private byte[] objectKey(String objectKey) {
        return (purpose + ":" + Objects.requireNonNull(objectKey, "objectKey")).getBytes(StandardCharsets.UTF_8);
    }

    private static void writeField(DataOutputStream out, byte[] field) throws IOException {
        if (field.length > MAX_FIELD_BYTES) {
            throw new IllegalStateException("a sealed object's header field is too long");
        }
        out.writeShort(field.length);
        out.write(field);
    }

    private static byte[] readField(DataInputStream in) throws IOException {
        int length = in.readUnsignedShort();
        if (length == 0 || length > MAX_FIELD_BYTES) {
            throw new DecryptionException("malformed sealed object header");
        }
        byte[] field = new byte[length];
        in.readFully(field);
        return field;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** Where the purpose key is kept ({@link MasterKey#locations()}), for the residency check. */
    public Set<String> keyLocations() {
        return purposeKey.locations();
    }
}
