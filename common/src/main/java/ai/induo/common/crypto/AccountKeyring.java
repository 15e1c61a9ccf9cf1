package ai.induo.common.crypto;

import ai.induo.common.id.Ids;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Per-account keys: creates them on first use, wraps them with the {@link MasterKey}, unwraps them
 * on demand and destroys them when an account is erased (crypto-shredding).
 *
 * <p>Unwrapped keys stay in this process's memory for at most {@code cacheTtl} and are never
 * written anywhere; each is unwrapped once per {@code cacheTtl}, which with a master key in Cloud KMS
 * is one KMS call. After {@link #destroy} the key is gone from this process at once; another
 * process that cached it keeps it for at most its own {@code cacheTtl}.
 *
 * <p>A wrapped key is bound to {@code accountId + ":" + keyId}, so a stored key copied to another
 * account or id does not unwrap.
 */
public final class AccountKeyring {

    private static final Logger LOG = Logger.getLogger(AccountKeyring.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MasterKey master;
    private final AccountKeyStore store;
    private final Duration cacheTtl;
    private final Clock clock;
    private final ConcurrentMap<String, Cached> byKeyId = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Cached> currentByAccount = new ConcurrentHashMap<>();
    /** Incremented by every destroy, so a load that raced with it does not stay cached. */
    private final AtomicLong destroyEpoch = new AtomicLong();
    private volatile Instant nextPurgeAt = Instant.MIN;

    public AccountKeyring(MasterKey master, AccountKeyStore store, Duration cacheTtl, Clock clock) {
        this.master = Objects.requireNonNull(master, "master");
        this.store = Objects.requireNonNull(store, "store");
        this.cacheTtl = Objects.requireNonNull(cacheTtl, "cacheTtl");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (cacheTtl.isNegative()) {
            throw new IllegalArgumentException("cacheTtl must not be negative: " + cacheTtl);
        }
    }

    /**
     * The key new data of the account is encrypted under; created (and stored) if the account has
     * none. When two callers create one at once, both keys are stored and both callers use the one
     * the store reports as active.
     */
    public AccountKey currentKey(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        AccountKey cached = lookup(currentByAccount, accountId);
        if (cached != null) {
            return cached;
        }
        long epoch = destroyEpoch.get();
        AccountKey key = store.findActive(accountId)
                .map(this::cachedOrUnwrapped)
                .orElseGet(() -> createKey(accountId));
        remember(key, epoch, true);
        return key;
    }

    /**
     * Creates a new key for the account and makes it the current one. Data already encrypted under
     * older keys stays readable. (Keys created in the same millisecond are ordered by the store.)
     */
    public AccountKey rotate(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        long epoch = destroyEpoch.get();
        AccountKey key = createKey(accountId);
        remember(key, epoch, true);
        return key;
    }

    /**
     * The account's key with this id, to decrypt the account's data encrypted under it. Another
     * account's key is refused, before it is unwrapped: data copied from one account to another
     * does not open there.
     *
     * @throws KeyUnavailableException when the key is unknown, another account's, destroyed, or cannot
     *     be unwrapped with this process's master key; a {@link MasterKeyUnavailableException} when the
     *     master key cannot be used right now
     */
    public AccountKey key(String accountId, String keyId) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(keyId, "keyId");
        AccountKey cached = lookup(byKeyId, keyId);
        if (cached != null) {
            requireOwner(cached.accountId(), accountId, keyId);
            return cached;
        }
        long epoch = destroyEpoch.get();
        StoredAccountKey stored = store.findById(keyId)
                .orElseThrow(() -> new KeyUnavailableException("account key " + keyId + " does not exist"));
        requireOwner(stored.accountId(), accountId, keyId);
        AccountKey key = unwrap(stored);
        remember(key, epoch, false);
        return key;
    }

    /**
     * Destroys every key of the account and forgets them here: everything encrypted for the account
     * becomes unreadable.
     */
    public void destroy(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        store.markDestroyed(accountId, clock.instant());
        destroyEpoch.incrementAndGet();
        currentByAccount.remove(accountId);
        byKeyId.values().removeIf(cached -> cached.key().accountId().equals(accountId));
        LOG.infof("destroyed the keys of account %s", accountId);
    }

    private AccountKey createKey(String accountId) {
        Instant now = clock.instant();
        String keyId = Ids.newId(Ids.ACCOUNT_KEY, now);
        byte[] material = new byte[AesGcmKeyWrap.KEY_SIZE_BYTES];
        RANDOM.nextBytes(material);
        byte[] wrapped = master.wrap(material, associatedData(accountId, keyId));
        store.insert(new StoredAccountKey(keyId, accountId, master.id(), wrapped, now, null));
        LOG.infof("created account key %s for account %s", keyId, accountId);
        StoredAccountKey active = store.findActive(accountId)
                .orElseThrow(() -> new KeyUnavailableException(
                        "the keys of account " + accountId + " were destroyed while a key was being created"));
        return active.keyId().equals(keyId) ? new AccountKey(keyId, accountId, material) : unwrap(active);
    }

    /** The key as cached by id (loaded to decrypt), so each key is unwrapped once per cache lifetime. */
    private AccountKey cachedOrUnwrapped(StoredAccountKey stored) {
        AccountKey cached = lookup(byKeyId, stored.keyId());
        return cached != null ? cached : unwrap(stored);
    }

    private AccountKey unwrap(StoredAccountKey stored) {
        if (stored.isDestroyed()) {
            throw new KeyUnavailableException("account key " + stored.keyId() + " was destroyed at "
                    + stored.destroyedAt());
        }
        if (!stored.masterKeyId().equals(master.id())) {
            throw new KeyUnavailableException("account key " + stored.keyId() + " is wrapped by master key "
                    + stored.masterKeyId() + ", this process has " + master.id());
        }
        try {
            byte[] material = master.unwrap(stored.wrappedKey(), associatedData(stored.accountId(), stored.keyId()));
            return new AccountKey(stored.keyId(), stored.accountId(), material);
        } catch (DecryptionException e) {
            throw new KeyUnavailableException("account key " + stored.keyId() + " of account "
                    + stored.accountId() + " cannot be unwrapped", e);
        }
    }

    private AccountKey lookup(ConcurrentMap<String, Cached> cache, String id) {
        Cached cached = cache.get(id);
        if (cached == null) {
            return null;
        }
        if (clock.instant().isBefore(cached.expiresAt())) {
            return cached.key();
        }
        cache.remove(id, cached);
        return null;
    }

    private void remember(AccountKey key, long epochBeforeLoad, boolean asCurrent) {
        if (cacheTtl.isZero()) {
            return;
        }
        Instant now = clock.instant();
        purgeExpired(now);
        Cached cached = new Cached(key, now.plus(cacheTtl));
        byKeyId.put(key.keyId(), cached);
        if (asCurrent) {
            currentByAccount.put(key.accountId(), cached);
        }
        if (destroyEpoch.get() != epochBeforeLoad) {
            byKeyId.remove(key.keyId(), cached);
            currentByAccount.remove(key.accountId(), cached);
        }
    }

    private void purgeExpired(Instant now) {
        if (now.isBefore(nextPurgeAt)) {
            return;
        }
        nextPurgeAt = now.plus(cacheTtl);
        byKeyId.values().removeIf(cached -> !now.isBefore(cached.expiresAt()));
        currentByAccount.values().removeIf(cached -> !now.isBefore(cached.expiresAt()));
    }

    private static void requireOwner(String owner, String accountId, String keyId) {
        if (!owner.equals(accountId)) {
            throw new KeyUnavailableException("account key " + keyId + " is not a key of account " + accountId);
        }
    }

    private static byte[] associatedData(String accountId, String keyId) {
        return (accountId + ":" + keyId).getBytes(StandardCharsets.UTF_8);
    }

    private record Cached(AccountKey key, Instant expiresAt) {
    }
}
