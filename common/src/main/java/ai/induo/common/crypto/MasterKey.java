package ai.induo.common.crypto;

import java.util.Set;

/**
 * The key-encryption key: wraps account keys and other short secrets, each bound to associated
 * data. {@link LocalMasterKey} holds an AES-256 key in this process;
 * {@link ai.induo.common.crypto.kms.KmsMasterKey} leaves the key in Cloud KMS and calls it;
 * {@link MasterKeyring} is the current key with the previous ones during a rotation.
 *
 * <p>{@link #id()} names the key without revealing it; every wrap says which key (for KMS, which key
 * version) made it, and is stored with that id, so that a rotation can find what is still wrapped by
 * an old key. Neither {@code toString()} nor any exception message shows key material or plaintext.
 * Implementations are safe for concurrent use.
 */
public interface MasterKey {

    /** A stable, non-secret name of the key ({@code mk_…} for a local key, {@code kms_…} for a KMS key). */
    String id();

    /**
     * Encrypts {@code key} bound to {@code associatedData}.
     *
     * @throws MasterKeyUnavailableException when the key cannot be used right now (its key
     *     management service is unreachable, too slow or refuses this process)
     */
    WrappedSecret wrap(byte[] key, byte[] associatedData);

    /**
     * Decrypts what {@link #wrap} produced with the same associated data.
     *
     * @throws DecryptionException when {@code wrapped} was changed, was wrapped by a master key this one
     *     does not {@link #opens open}, or under other associated data
     * @throws MasterKeyUnavailableException when the key cannot be used right now
     */
    byte[] unwrap(WrappedSecret wrapped, byte[] associatedData) throws DecryptionException;

    /**
     * Where the key material is kept, in lower case: the Cloud KMS location of a KMS key (such as
     * {@code europe-west4}), {@link ai.induo.common.residency.AllowedLocations#LOCAL} for a key held
     * by this process; a keyring answers for every key it holds, the current one first.
     */
    Set<String> locations();

    /** Whether this key unwraps what was recorded as wrapped by {@code masterKeyId}. */
    default boolean opens(String masterKeyId) {
        return id().equals(masterKeyId);
    }
}
