package ai.induo.common.crypto;

import java.util.Objects;

/**
 * An unwrapped account key, held in memory only. It wraps the per-object data keys of one account.
 * {@link #toString()} never shows the material.
 */
public final class AccountKey {

    private final String keyId;
    private final String accountId;
    private final AesGcmKeyWrap keyWrap;

    AccountKey(String keyId, String accountId, byte[] material) {
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.keyWrap = new AesGcmKeyWrap(material, "an account key");
    }

    public String keyId() {
        return keyId;
    }

    public String accountId() {
        return accountId;
    }

    byte[] wrap(byte[] dataKey, byte[] associatedData) {
        return keyWrap.wrap(dataKey, associatedData);
    }

    byte[] unwrap(byte[] wrappedDataKey, byte[] associatedData) throws DecryptionException {
        return keyWrap.unwrap(wrappedDataKey, associatedData);
    }

    @Override
    public String toString() {
        return "AccountKey[keyId=" + keyId + ", accountId=" + accountId + "]";
    }
}
