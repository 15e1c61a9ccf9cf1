package ai.induo.common.crypto;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link MasterKey} that remembers, in this process's memory only, what short secrets (webhook
 * signing secrets) unwrapped to, so that a master key in Cloud KMS is asked once per secret per
 * {@code ttl} rather than on every webhook delivery. Entries are found by a SHA-256 of the wrapped
 * bytes and their associated data, so an entry can only ever answer the exact call that made it.
 *
 * <p>Bounded: at most {@value #MAX_ENTRIES} entries of at most {@value #MAX_CACHED_BYTES} bytes of
 * plaintext each (larger results, such as stored idempotent responses, are not kept), each for at
 * most {@code ttl}. Wraps always go to the delegate. Account keys should be unwrapped through
 * {@link #uncached}: {@link AccountKeyring} caches them itself and forgets an erased account's keys at
 * once.
 */
public final class CachingMasterKey implements MasterKey, AutoCloseable {

    /** Most secrets kept at once. */
    static final int MAX_ENTRIES = 10_000;
    /** Largest plaintext kept, in bytes. */
    static final int MAX_CACHED_BYTES = 1024;

    private final MasterKey delegate;
    private final Duration ttl;
    private final Clock clock;
    private final ConcurrentMap<ByteBuffer, Cached> unwrapped = new ConcurrentHashMap<>();
    private volatile Instant nextPurgeAt = Instant.MIN;

    public CachingMasterKey(MasterKey delegate, Duration ttl, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative: " + ttl);
        }
    }

    /** The key without this cache: {@code key}'s delegate when it is a {@link CachingMasterKey}, else {@code key}. */
    public static MasterKey uncached(MasterKey key) {
        return key instanceof CachingMasterKey caching ? caching.delegate : key;
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public byte[] wrap(byte[] key, byte[] associatedData) {
        return delegate.wrap(key, associatedData);
    }

    @Override
    public byte[] unwrap(byte[] wrapped, byte[] associatedData) throws DecryptionException {
        ByteBuffer entry = entryKey(wrapped, associatedData);
        Instant now = clock.instant();
        Cached cached = unwrapped.get(entry);
        if (cached != null && now.isBefore(cached.expiresAt())) {
            return cached.plaintext().clone();
        }
        byte[] plaintext = delegate.unwrap(wrapped, associatedData);
        remember(entry, plaintext, now);
        return plaintext;
    }

    /** Forgets every secret and closes the delegate when it holds resources (a KMS client). */
    @Override
    public void close() throws Exception {
        unwrapped.clear();
        if (delegate instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Override
    public String toString() {
        return "CachingMasterKey[" + delegate + "]";
    }

    private void remember(ByteBuffer entry, byte[] plaintext, Instant now) {
        if (ttl.isZero() || plaintext.length > MAX_CACHED_BYTES) {
            return;
        }
        if (!now.isBefore(nextPurgeAt) || unwrapped.size() >= MAX_ENTRIES) {
            nextPurgeAt = now.plus(ttl);
            unwrapped.values().removeIf(cached -> !now.isBefore(cached.expiresAt()));
        }
        if (unwrapped.size() < MAX_ENTRIES) {
            unwrapped.put(entry, new Cached(plaintext.clone(), now.plus(ttl)));
        }
    }

    private static ByteBuffer entryKey(byte[] wrapped, byte[] associatedData) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(associatedData.length).flip());
            sha256.update(associatedData);
            sha256.update(wrapped);
            return ByteBuffer.wrap(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private record Cached(byte[] plaintext, Instant expiresAt) {
    }
}
