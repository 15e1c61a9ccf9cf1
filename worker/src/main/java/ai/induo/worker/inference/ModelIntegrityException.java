package ai.induo.worker.inference;

/** The model's bytes do not have the SHA-256 they were pinned to; nothing was loaded. */
public class ModelIntegrityException extends ModelLoadException {

    private static final long serialVersionUID = 1L;

    private final String expectedSha256;
    private final String actualSha256;

    public ModelIntegrityException(String source, String expectedSha256, String actualSha256) {
        super("Model " + source + " has SHA-256 " + actualSha256 + " but " + expectedSha256
                + " was expected; refusing to load it");
        this.expectedSha256 = expectedSha256;
        this.actualSha256 = actualSha256;
    }

    /** The SHA-256 the model was pinned to. */
    public String expectedSha256() {
        return expectedSha256;
    }

    /** The SHA-256 of the bytes that were found. */
    public String actualSha256() {
        return actualSha256;
    }
}
