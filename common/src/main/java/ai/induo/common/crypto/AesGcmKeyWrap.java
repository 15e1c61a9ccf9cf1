package ai.induo.common.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.subtle.AesGcmJce;
import java.security.GeneralSecurityException;

/**
 * AES-256-GCM over short secrets (keys), through Tink's {@link AesGcmJce}: each output is a random
 * 12-byte nonce, the ciphertext and a 16-byte tag, bound to the caller's associated data.
 */
final class AesGcmKeyWrap {

    static final int KEY_SIZE_BYTES = 32;

    private final Aead aead;

    /**
     * @param keyName how error messages name the key ("a master key"); the key itself never appears
     */
    AesGcmKeyWrap(byte[] key, String keyName) {
        if (key.length != KEY_SIZE_BYTES) {
            throw new IllegalArgumentException(
                    keyName + " must be " + KEY_SIZE_BYTES + " bytes (AES-256), got " + key.length + " bytes");
        }
        try {
            this.aead = new AesGcmJce(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM", e);
        }
    }

    byte[] wrap(byte[] secret, byte[] associatedData) {
        try {
            return aead.encrypt(secret, associatedData);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM encryption failed", e);
        }
    }

    byte[] unwrap(byte[] wrapped, byte[] associatedData) throws DecryptionException {
        try {
            return aead.decrypt(wrapped, associatedData);
        } catch (GeneralSecurityException e) {
            throw new DecryptionException("wrapped key does not authenticate: wrong key, wrong context or corrupted");
        }
    }
}
