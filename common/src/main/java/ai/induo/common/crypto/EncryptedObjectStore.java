package ai.induo.common.crypto;

import ai.induo.common.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;

/**
 * An {@link ObjectStore} whose objects are encrypted for an account by an {@link EnvelopeCipher},
 * each bound to its account and key: an object copied under another key, or opened for another
 * account, does not open. Plaintext streams through in chunks in both directions; it is never held
 * whole in memory nor written anywhere unencrypted.
 */
public final class EncryptedObjectStore {

    private final ObjectStore store;
    private final EnvelopeCipher cipher;

    public EncryptedObjectStore(ObjectStore store, EnvelopeCipher cipher) {
        this.store = Objects.requireNonNull(store, "store");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
    }

    /** Encrypts everything {@code plaintext} yields for the account and stores it under {@code key}. */
    public void put(String accountId, String key, InputStream plaintext) throws IOException {
        Objects.requireNonNull(plaintext, "plaintext");
        put(accountId, key, plaintext::transferTo);
    }

    /**
     * Encrypts what {@code plaintextWriter} writes for the account and stores it under {@code key}.
     * If the writer throws, nothing is stored and an earlier object under {@code key} is kept.
     */
    public void put(String accountId, String key, ObjectStore.ObjectWriter plaintextWriter) throws IOException {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(plaintextWriter, "plaintextWriter");
        store.put(key, out -> {
            try (OutputStream encrypting = cipher.encryptingStream(accountId, key, out)) {
                plaintextWriter.writeTo(encrypting);
            }
        });
    }

    /**
     * Opens the account's object and returns its plaintext.
     *
     * @throws ai.induo.common.store.ObjectNotFoundException when there is no object under {@code key}
     * @throws DecryptionException when the object was changed or truncated (possibly from a later read),
     *     or was encrypted for another account or under another key
     * @throws KeyUnavailableException when the account key was destroyed, or is another account's
     */
    public InputStream open(String accountId, String key) throws IOException {
        Objects.requireNonNull(accountId, "accountId");
        InputStream ciphertext = store.open(key);
        try {
            return cipher.decryptingStream(accountId, key, ciphertext);
        } catch (IOException | RuntimeException e) {
            try {
                ciphertext.close();
            } catch (IOException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    /** Deletes the object; deleting a missing object is not an error. */
    public void delete(String key) throws IOException {
        store.delete(key);
    }

    /** Keys that start with {@code prefix}, in lexicographic order. */
    public List<String> list(String prefix) throws IOException {
        return store.list(prefix);
    }

    /** One page of the keys that start with {@code prefix}, after {@code startAfter} ({@link ObjectStore#list(String, String, int)}). */
    public List<String> list(String prefix, String startAfter, int limit) throws IOException {
        return store.list(prefix, startAfter, limit);
    }
}
