package ai.induo.common.crypto;

import com.github.benmanes.caffeine.cache.Cache;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link MasterKey} that remembers, in this process's memory only, what short secrets (webhook
 * signing secrets) unwrapped to, so that a master key in Cloud KMS is asked once per secret per
 * {@code ttl} rather than on every webhook delivery, also when many deliveries miss the secret at
 * once (they wait for that one unwrap). Entries are found by a SHA-256 of the wrapped secret and its
 * associated data, so an entry can only ever answer the exact call that made it.
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
    private final Cache<ByteBuffer, byte[]> unwrapped;

    public CachingMasterKey(MasterKey delegate, Duration ttl, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.unwrapped = UnwrappedCache.expiringAfter(Objects.requireNonNull(ttl, "ttl"), Objects.requireNonNull(clock,
                "clock")).maximumSize(MAX_ENTRIES).build();
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
    public WrappedSecret wrap(byte[] key, byte[] associatedData) {
        return delegate.wrap(key, associatedData);
    }

    @Override
    public Set<String> locations() {
        return delegate.locations();
    }

    @Override
    public boolean opens(String masterKeyId) {
        return delegate.opens(masterKeyId);
    }

    @Override
    public byte[] unwrap(WrappedSecret wrapped, byte[] associatedData) throws DecryptionException {
        ByteBuffer entry = entryKey(wrapped, associatedData);
        byte[] plaintext;
        try {
            plaintext = unwrapped.get(entry, ignored -> unwrapUnchecked(wrapped, associatedData));
        } catch (UncheckedDecryptionException e) {
            throw e.getCause();
        }
        if (plaintext.length > MAX_CACHED_BYTES) {
            unwrapped.asMap().remove(entry, plaintext);
        }
        return plaintext.clone();
    }

    /** Forgets every secret and closes the delegate when it holds resources (a KMS client). */
    @Override
    public void close() throws Exception {
        unwrapped.invalidateAll();
        if (delegate instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Override
    public String toString() {
        return "CachingMasterKey[" + delegate + "]";
    }

    private byte[] unwrapUnchecked(WrappedSecret wrapped, byte[] associatedData) {
        try {
            return delegate.unwrap(wrapped, associatedData);
        } catch (DecryptionException e) {
            throw new UncheckedDecryptionException(e);
        }
    }

    private static ByteBuffer entryKey(WrappedSecret wrapped, byte[] associatedData) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] masterKeyId = wrapped.masterKeyId().getBytes(StandardCharsets.UTF_8);
            sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(masterKeyId.length).flip());
            sha256.update(masterKeyId);
            sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(associatedData.length).flip());
            sha256.update(associatedData);
            sha256.update(wrapped.ciphertext());
            return ByteBuffer.wrap(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** Carries a {@link DecryptionException} out of the cache's loader. */
    private static final class UncheckedDecryptionException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UncheckedDecryptionException(DecryptionException cause) {
            super(cause);
        }

        @Override
        public synchronized DecryptionException getCause() {
            return (DecryptionException) super.getCause();
        }
    }
}
