package ai.induo.common.crypto;

import java.util.List;
import java.util.Objects;

/** The account keys of an {@link AccountKeyStore}, as a master-key rotation re-wraps them. */
public final class AccountKeySecrets implements MasterWrappedStore {

    private final AccountKeyStore store;

    public AccountKeySecrets(AccountKeyStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public String name() {
        return "account keys";
    }

    /** Destroyed keys hold no material and are skipped, a page of only destroyed keys included. */
    @Override
    public List<MasterWrappedSecret> page(String afterDocumentId, int limit) {
        String after = afterDocumentId;
        for (List<StoredAccountKey> keys = store.listAfter(after, limit); !keys.isEmpty();
                keys = store.listAfter(after, limit)) {
            List<MasterWrappedSecret> live = keys.stream()
                    .filter(key -> !key.isDestroyed())
                    .map(key -> new MasterWrappedSecret(key.keyId(), key.wrapped(),
                            AccountKeyring.associatedData(key.accountId(), key.keyId())))
                    .toList();
            if (!live.isEmpty()) {
                return live;
            }
            after = keys.get(keys.size() - 1).keyId();
        }
        return List.of();
    }

    @Override
    public boolean replace(MasterWrappedSecret secret, WrappedSecret rewrapped) {
        return store.replaceWrapped(secret.documentId(), secret.wrapped(), rewrapped);
    }
}
