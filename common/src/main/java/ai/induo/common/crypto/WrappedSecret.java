package ai.induo.common.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * A key or short secret as a {@link MasterKey} wrapped it: the ciphertext and the id of the master key
 * (for Cloud KMS, the key version) that wrapped it, stored together so that a master-key rotation
 * knows what to re-wrap and every configured master key, old or new, finds what it opens.
 *
 * @param masterKeyId the {@link MasterKey#id()} of the key that wrapped it, with the KMS key version
 * @param ciphertext the wrapped bytes
 */
public record WrappedSecret(String masterKeyId, byte[] ciphertext) {

    public WrappedSecret {
        Objects.requireNonNull(masterKeyId, "masterKeyId");
        if (ciphertext == null || ciphertext.length == 0) {
            throw new IllegalArgumentException("a wrapped secret needs its ciphertext");
        }
        ciphertext = ciphertext.clone();
    }

    /** A copy of the wrapped bytes. */
    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WrappedSecret that && masterKeyId.equals(that.masterKeyId)
                && Arrays.equals(ciphertext, that.ciphertext);
    }

    @Override
    public int hashCode() {
        return 31 * masterKeyId.hashCode() + Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "WrappedSecret[masterKeyId=" + masterKeyId + ", " + ciphertext.length + " bytes]";
    }
}
