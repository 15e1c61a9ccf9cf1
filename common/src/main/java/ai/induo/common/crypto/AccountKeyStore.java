package ai.induo.common.crypto;

import java.time.Instant;
import java.util.Optional;

/**
 * Port for persisting wrapped account keys (MongoDB in production). It never sees unwrapped
 * material. Implementations are safe for concurrent use.
 */
public interface AccountKeyStore {

    /** Stores a new key; key ids are unique. */
    void insert(StoredAccountKey key);

    /**
     * The account's newest key that is not destroyed: greatest {@code createdAt}, ties broken by the
     * greatest key id (key ids sort by creation time).
     */
    Optional<StoredAccountKey> findActive(String accountId);

    /** The key with this id, destroyed or not. */
    Optional<StoredAccountKey> findById(String keyId);

    /**
     * Destroys every key of the account: sets {@code destroyedAt} to {@code at} where it is not set
     * yet and removes the wrapped material, so nothing encrypted under these keys can be read again.
     */
    void markDestroyed(String accountId, Instant at);
}
