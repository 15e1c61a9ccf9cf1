package ai.induo.worker.inference;

/** Running the model failed, or its output broke the contract; another attempt may succeed. */
public class InferenceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InferenceException(String message) {
        super(message);
    }

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
