package ai.induo.common.crypto;

import ai.induo.common.id.Ids;
import com.github.benmanes.caffeine.cache.Cache;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Per-account keys: creates them on first use, wraps them with the {@link MasterKey}, unwraps them
 * on demand and destroys them when an account is erased (crypto-shredding).
 *
 * <p>Unwrapped keys stay in this process's memory for at most {@code cacheTtl} and are never
 * written anywhere; each is unwrapped once per {@code cacheTtl}, which with a master key in Cloud KMS
 * is one KMS call, also when many requests miss it at once (they wait for that one unwrap). After
 * {@link #destroy} the key is gone from this process at once; another process that cached it keeps
 * it for at most its own {@code cacheTtl}.
 *
 * <p>A wrapped key is bound to {@code accountId + ":" + keyId}, so a stored key copied to another
 * account or id does not unwrap.
 */
public final class AccountKeyring {

    private static final Logger LOG = Logger.getLogger(AccountKeyring.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MasterKey master;
    private final AccountKeyStore store;
    private final Clock clock;
    private final Cache<String, AccountKey> byKeyId;
    private final Cache<String, AccountKey> currentByAccount;
    /** Incremented by every destroy, so a load that raced with it does not stay cached. */
    private final AtomicLong destroyEpoch = new AtomicLong();

    public AccountKeyring(MasterKey master, AccountKeyStore store, Duration cacheTtl, Clock clock) {
        this.master = Objects.requireNonNull(master, "master");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.byKeyId = UnwrappedCache.expiringAfter(Objects.requireNonNull(cacheTtl, "cacheTtl"), clock).build();
        this.currentByAccount = UnwrappedCache.expiringAfter(cacheTtl, clock).build();
    }

    /**
     * The key new data of the account is encrypted under; created (and stored) if the account has
     * none. When two processes create one at once, both keys are stored and both use the one the
     * store reports as active; within a process, callers wait for the one lookup or creation.
     *
     * @throws KeyUnavailableException when the account's keys were destroyed: nothing more is
     *     encrypted for an erased account (a worker finishing one of its jobs stores nothing)
     */
    public AccountKey currentKey(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        return load(currentByAccount, accountId, () -> store.findActive(accountId)
                .map(stored -> load(byKeyId, stored.keyId(), () -> unwrap(stored)))
                .orElseGet(() -> createKey(accountId)));
    }

    /**
     * Creates a new key for the account and makes it the current one. Data already encrypted under
     * older keys stays readable. (Keys created in the same millisecond are ordered by the store.)
     */
    public AccountKey rotate(String accountId) {
        Objects.requireNonNull(accountId, "accountId");
        long epoch = destroyEpoch.get();
        AccountKey key = createKey(accountId);
        currentByAccount.put(accountId, key);
        forgetIfDestroyedSince(epoch, key);
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
        AccountKey key = load(byKeyId, keyId, () -> {
            StoredAccountKey stored = store.findById(keyId)
                    .orElseThrow(() -> new KeyUnavailableException("account key " + keyId + " does not exist"));
            requireOwner(stored.accountId(), accountId, keyId);
            return unwrap(stored);
        });
        requireOwner(key.accountId(), accountId, keyId);
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
        currentByAccount.invalidate(accountId);
        byKeyId.asMap().values().removeIf(key -> key.accountId().equals(accountId));
        LOG.infof("destroyed the keys of account %s", accountId);
    }

    private AccountKey createKey(String accountId) {
        if (store.anyDestroyed(accountId)) {
            throw new KeyUnavailableException("the keys of account " + accountId
                    + " were destroyed (the account is erased); it gets no new key");
        }
        Instant now = clock.instant();
        String keyId = Ids.newId(Ids.ACCOUNT_KEY, now);
        byte[] material = new byte[AesGcmKeyWrap.KEY_SIZE_BYTES];
        RANDOM.nextBytes(material);
        WrappedSecret wrapped = master.wrap(material, associatedData(accountId, keyId));
        store.insert(new StoredAccountKey(keyId, accountId, wrapped.masterKeyId(), wrapped.ciphertext(), now, null));
        LOG.infof("created account key %s for account %s", keyId, accountId);
        StoredAccountKey active = store.findActive(accountId)
                .orElseThrow(() -> new KeyUnavailableException(
                        "the keys of account " + accountId + " were destroyed while a key was being created"));
        if (!active.keyId().equals(keyId)) {
            return load(byKeyId, active.keyId(), () -> unwrap(active));
        }
        AccountKey created = new AccountKey(keyId, accountId, material);
        byKeyId.put(keyId, created);
        return created;
    }

    private AccountKey unwrap(StoredAccountKey stored) {
        if (stored.isDestroyed()) {
            throw new KeyUnavailableException("account key " + stored.keyId() + " was destroyed at "
                    + stored.destroyedAt());
        }
        if (!master.opens(stored.masterKeyId())) {
            throw new KeyUnavailableException("account key " + stored.keyId() + " is wrapped by master key "
                    + stored.masterKeyId() + ", this process has " + master.id()
                    + " (and no previous master key that opens it)");
        }
        try {
            byte[] material = master.unwrap(stored.wrapped(), associatedData(stored.accountId(), stored.keyId()));
            return new AccountKey(stored.keyId(), stored.accountId(), material);
        } catch (DecryptionException e) {
            throw new KeyUnavailableException("account key " + stored.keyId() + " of account "
                    + stored.accountId() + " cannot be unwrapped", e);
        }
    }

    /** The cached entry, or the one {@code loader} makes while other callers of the entry wait. */
    private AccountKey load(Cache<String, AccountKey> cache, String id, Supplier<AccountKey> loader) {
        long epoch = destroyEpoch.get();
        AccountKey key = cache.get(id, ignored -> loader.get());
        forgetIfDestroyedSince(epoch, key);
        return key;
    }

    /** Drops a key loaded while an account was destroyed, which may have been that account's. */
    private void forgetIfDestroyedSince(long epoch, AccountKey key) {
        if (destroyEpoch.get() != epoch) {
            byKeyId.asMap().remove(key.keyId(), key);
            currentByAccount.asMap().remove(key.accountId(), key);
        }
    }

    private static void requireOwner(String owner, String accountId, String keyId) {
        if (!owner.equals(accountId)) {
            throw new KeyUnavailableException("account key " + keyId + " is not a key of account " + accountId);
        }
    }

    /** What an account key's wrap is bound to: its account and its id. */
    static byte[] associatedData(String accountId, String keyId) {
        return (accountId + ":" + keyId).getBytes(StandardCharsets.UTF_8);
    }
}
