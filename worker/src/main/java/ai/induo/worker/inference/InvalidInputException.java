package ai.induo.worker.inference;

/** The images of a job cannot be fed to the model; retrying the same job cannot help. */
public class InvalidInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }
}
