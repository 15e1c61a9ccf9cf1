package ai.induo.common.crypto;

import java.util.Objects;

/**
 * One secret of a {@link MasterWrappedStore}: where it is kept, as it is wrapped, and the associated
 * data it was wrapped under.
 *
 * @param documentId the id of the document that holds it, by which the store pages
 * @param wrapped the secret as stored, with the id of the master key that wrapped it
 * @param associatedData what the wrap is bound to
 */
public record MasterWrappedSecret(String documentId, WrappedSecret wrapped, byte[] associatedData) {

    public MasterWrappedSecret {
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(wrapped, "wrapped");
        associatedData = Objects.requireNonNull(associatedData, "associatedData").clone();
    }

    @Override
    public byte[] associatedData() {
        return associatedData.clone();
    }
}
