package ai.induo.common.crypto;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The master key of a process during a master-key rotation: the current key, which wraps everything
 * new, and the previous keys, which still open what they wrapped until a
 * {@link MasterKeyRotation} has re-wrapped it under the current one. Each unwrap goes to the key
 * that opens the master key id stored with the secret. With no previous keys it is the current key.
 */
public final class MasterKeyring implements MasterKey, AutoCloseable {

    private final MasterKey current;
    private final List<MasterKey> previous;
    /** The current key, then the previous ones. */
    private final List<MasterKey> keys;

    /**
     * @throws IllegalArgumentException when a previous key is the current one (an old key configured
     *     as the new one, or twice)
     */
    public MasterKeyring(MasterKey current, List<? extends MasterKey> previous) {
        this.current = Objects.requireNonNull(current, "current");
        this.previous = List.copyOf(previous);
        List<MasterKey> all = new ArrayList<>(List.of(current));
        for (MasterKey key : this.previous) {
            if (all.stream().anyMatch(known -> known.id().equals(key.id()))) {
                throw new IllegalArgumentException("master key " + key.id() + " is given twice: a previous master "
                        + "key must differ from the current one and from the other previous ones");
            }
            all.add(key);
        }
        this.keys = List.copyOf(all);
    }

    /** The current key's id. */
    @Override
    public String id() {
        return current.id();
    }

    /** Wraps with the current key. */
    @Override
    public WrappedSecret wrap(byte[] key, byte[] associatedData) {
        return current.wrap(key, associatedData);
    }

    /**
     * Unwraps with the key that opens the secret's master key id.
     *
     * @throws DecryptionException also when neither the current nor a previous key opens that id
     */
    @Override
    public byte[] unwrap(WrappedSecret wrapped, byte[] associatedData) throws DecryptionException {
        for (MasterKey key : keys) {
            if (key.opens(wrapped.masterKeyId())) {
                return key.unwrap(wrapped, associatedData);
            }
        }
        throw new DecryptionException("the secret was wrapped by master key " + wrapped.masterKeyId()
                + ", which is neither the current master key " + current.id()
                + " nor a previous one configured here (induo.crypto.previous-master-keys)");
    }

    /** The locations of the current key and of the previous ones, in that order. */
    @Override
    public Set<String> locations() {
        Set<String> locations = new LinkedHashSet<>();
        keys.forEach(key -> locations.addAll(key.locations()));
        return Collections.unmodifiableSet(locations);
    }

    @Override
    public boolean opens(String masterKeyId) {
        return keys.stream().anyMatch(key -> key.opens(masterKeyId));
    }

    /** Closes every key that holds resources (KMS clients). */
    @Override
    public void close() throws Exception {
        for (MasterKey key : keys) {
            if (key instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    @Override
    public String toString() {
        return "MasterKeyring[current=" + current + ", previous=" + previous + "]";
    }
}
