package ai.induo.common.crypto;

import java.util.List;

/**
 * Port for one collection of secrets kept wrapped directly by the master key (account keys, webhook
 * signing secrets), as a {@link MasterKeyRotation} walks and re-wraps it. Implementations are safe
 * for concurrent use with the services that write the collection.
 */
public interface MasterWrappedStore {

    /** What the collection holds, for the rotation's report ("account keys"). */
    String name();

    /**
     * The wrapped secrets of up to {@code limit} documents whose id sorts after {@code afterDocumentId}
     * ({@code null}: from the first), in document id order; a document may hold several secrets.
     * Secrets that were destroyed are left out. An empty list: no documents after it.
     */
    List<MasterWrappedSecret> page(String afterDocumentId, int limit);

    /**
     * Stores {@code rewrapped} in place of {@code secret} if the document still holds it as it was
     * read; whether it was stored (false: it changed or went meanwhile, and is left as it is).
     */
    boolean replace(MasterWrappedSecret secret, WrappedSecret rewrapped);
}
