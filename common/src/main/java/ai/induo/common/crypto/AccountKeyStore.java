package ai.induo.common.crypto;

import java.time.Instant;
import java.util.List;
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

    /** Whether any key of the account was destroyed: the account is erased or being erased. */
    boolean anyDestroyed(String accountId);

    /** The key with this id, destroyed or not. */
    Optional<StoredAccountKey> findById(String keyId);

    /**
     * Up to {@code limit} keys, destroyed or not, whose id sorts after {@code afterKeyId} ({@code null}:
     * from the first), in key id order: for walking every key (a master-key rotation).
     */
    List<StoredAccountKey> listAfter(String afterKeyId, int limit);

    /**
     * Replaces the key's wrapped material (and the master key id recorded with it) if the key is
     * not destroyed and still holds {@code expected}; whether it did.
     */
    boolean replaceWrapped(String keyId, WrappedSecret expected, WrappedSecret replacement);

    /**
     * Destroys every key of the account: sets {@code destroyedAt} to {@code at} where it is not set
     * yet and removes the wrapped material, so nothing encrypted under these keys can be read again.
     */
    void markDestroyed(String accountId, Instant at);
}
