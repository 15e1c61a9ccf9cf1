package ai.induo.common.crypto;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * An account key as persisted: its material only in wrapped form (encrypted by the master key named
 * by {@code masterKeyId}, bound to the account and key id).
 *
 * @param keyId the key's id ({@code akey_…}, see {@link ai.induo.common.id.Ids}), recorded in every object
 *     encrypted under it
 * @param accountId the account that owns the key
 * @param masterKeyId the {@link MasterKey#id()} of the master key that wrapped it
 * @param wrappedKey the wrapped material; always {@code null} once destroyed (material given together
 *     with a {@code destroyedAt} is dropped)
 * @param createdAt when the key was created
 * @param destroyedAt when the key was destroyed, {@code null} while it is active
 */
public record StoredAccountKey(
        String keyId,
        String accountId,
        String masterKeyId,
        byte[] wrappedKey,
        Instant createdAt,
        Instant destroyedAt) {

    public StoredAccountKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(masterKeyId, "masterKeyId");
        Objects.requireNonNull(createdAt, "createdAt");
        if (destroyedAt == null && (wrappedKey == null || wrappedKey.length == 0)) {
            throw new IllegalArgumentException("an active account key needs its wrapped material");
        }
        wrappedKey = destroyedAt != null || wrappedKey == null ? null : wrappedKey.clone();
    }

    /** A copy of the wrapped material, {@code null} once destroyed. */
    @Override
    public byte[] wrappedKey() {
        return wrappedKey == null ? null : wrappedKey.clone();
    }

    /** The wrapped material with the id of the master key that wrapped it; {@code null} once destroyed. */
    public WrappedSecret wrapped() {
        return wrappedKey == null ? null : new WrappedSecret(masterKeyId, wrappedKey);
    }

    public boolean isDestroyed() {
        return destroyedAt != null;
    }

    /** This key destroyed at {@code at}: the wrapped material is gone. */
    public StoredAccountKey destroyed(Instant at) {
        return new StoredAccountKey(keyId, accountId, masterKeyId, null, createdAt, Objects.requireNonNull(at, "at"));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredAccountKey that
                && keyId.equals(that.keyId)
                && accountId.equals(that.accountId)
                && masterKeyId.equals(that.masterKeyId)
                && Arrays.equals(wrappedKey, that.wrappedKey)
                && createdAt.equals(that.createdAt)
                && Objects.equals(destroyedAt, that.destroyedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, accountId, masterKeyId, Arrays.hashCode(wrappedKey), createdAt, destroyedAt);
    }

    @Override
    public String toString() {
        return "StoredAccountKey[keyId=" + keyId + ", accountId=" + accountId + ", masterKeyId=" + masterKeyId
                + ", createdAt=" + createdAt + ", destroyedAt=" + destroyedAt + "]";
    }
}
