package ai.induo.common.crypto;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link AccountKeyStore} in memory, for tests. */
public final class InMemoryAccountKeyStore implements AccountKeyStore {

    private final Map<String, StoredAccountKey> keys = new ConcurrentHashMap<>();

    @Override
    public void insert(StoredAccountKey key) {
        Objects.requireNonNull(key, "key");
        if (keys.putIfAbsent(key.keyId(), key) != null) {
            throw new IllegalStateException("duplicate account key id " + key.keyId());
        }
    }

    @Override
    public Optional<StoredAccountKey> findActive(String accountId) {
        return keys.values().stream()
                .filter(key -> key.accountId().equals(accountId) && !key.isDestroyed())
                .max(Comparator.comparing(StoredAccountKey::createdAt).thenComparing(StoredAccountKey::keyId));
    }

    @Override
    public boolean anyDestroyed(String accountId) {
        return keys.values().stream().anyMatch(key -> key.accountId().equals(accountId) && key.isDestroyed());
    }

    @Override
    public Optional<StoredAccountKey> findById(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    @Override
    public List<StoredAccountKey> listAfter(String afterKeyId, int limit) {
        return keys.values().stream()
                .filter(key -> afterKeyId == null || key.keyId().compareTo(afterKeyId) > 0)
                .sorted(Comparator.comparing(StoredAccountKey::keyId))
                .limit(limit)
                .toList();
    }

    @Override
    public boolean replaceWrapped(String keyId, WrappedSecret expected, WrappedSecret replacement) {
        StoredAccountKey current = keys.get(keyId);
        if (current == null || current.isDestroyed() || !expected.equals(current.wrapped())) {
            return false;
        }
        return keys.replace(keyId, current, new StoredAccountKey(keyId, current.accountId(), replacement.masterKeyId(),
                replacement.ciphertext(), current.createdAt(), null));
    }

    @Override
    public void markDestroyed(String accountId, Instant at) {
        keys.replaceAll((keyId, key) -> key.accountId().equals(accountId) && !key.isDestroyed()
                ? key.destroyed(at)
                : key);
    }
}
