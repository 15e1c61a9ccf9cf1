package ai.induo.common.safety;

import ai.induo.common.crypto.MasterKey;
import ai.induo.common.crypto.SealedObjectCipher;
import java.io.IOException;

/**
 * Encrypts safety-case images under the safety key ({@code induo.safety.key}), which is not the
 * master key: account keys do not open them, and the safety key opens nothing of an account's.
 * A {@link SealedObjectCipher} of purpose {@code safety}: each object gets a fresh AES-256 data key,
 * wrapped by the safety key; the body is AES-256-GCM (Tink). Both are bound to the object's key,
 * so a copy under another name does not open.
 *
 * <p>Format: {@code "INDS" | version (1 byte) | safety key id length (u16) | id | wrapped data key
 * length (u16) | wrapped data key | nonce, ciphertext and tag}. The header is the body's associated
 * data with the object key.
 */
public final class SafetyCipher {

    private final SealedObjectCipher cipher;

    public SafetyCipher(MasterKey safetyKey) {
        this.cipher = new SealedObjectCipher(safetyKey, "safety", "INDS");
    }

    /** The sealed form of {@code plaintext}, to be stored under {@code objectKey}. */
    public byte[] seal(String objectKey, byte[] plaintext) throws IOException {
        return cipher.seal(objectKey, plaintext);
    }

    /**
     * The plaintext of what {@link #seal} made for {@code objectKey}.
     *
     * @throws ai.induo.common.crypto.DecryptionException when it was changed, sealed under another key
     *     or object key, or is not a sealed safety object
     */
    public byte[] open(String objectKey, byte[] sealed) throws IOException {
        return cipher.open(objectKey, sealed);
    }
}
