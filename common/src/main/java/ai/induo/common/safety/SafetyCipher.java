package ai.induo.common.safety;

import ai.induo.common.crypto.MasterKey;
import ai.induo.common.crypto.SealedObjectCipher;
import java.io.IOException;
import java.util.Set;

/**
 * Seals safety-case images under the safety key ({@code induo.safety.key}), which is not the master
 * key: a {@link SealedObjectCipher} for the purpose {@code safety}, objects starting {@code INDS}.
 * Account keys do not open them, and the safety key opens nothing of an account's.
 */
public final class SafetyCipher {

    private static final String PURPOSE = "safety";
    private static final String MAGIC = "INDS";

    private final SealedObjectCipher sealed;

    public SafetyCipher(MasterKey safetyKey) {
        this.sealed = new SealedObjectCipher(safetyKey, PURPOSE, MAGIC);
    }

    /** Where the safety key is kept ({@link MasterKey#locations()}), for the residency check. */
    public Set<String> keyLocations() {
        return sealed.keyLocations();
    }

    /** The sealed form of {@code plaintext}, to be stored under {@code objectKey}. */
    public byte[] seal(String objectKey, byte[] plaintext) throws IOException {
        return sealed.seal(objectKey, plaintext);
    }

    /**
     * The plaintext of what {@link #seal} made for {@code objectKey}.
     *
     * @throws ai.induo.common.crypto.DecryptionException when it was changed, sealed under another key
     *     or object key, or is not a sealed safety object
     */
    public byte[] open(String objectKey, byte[] sealedObject) throws IOException {
        return sealed.open(objectKey, sealedObject);
    }
}
