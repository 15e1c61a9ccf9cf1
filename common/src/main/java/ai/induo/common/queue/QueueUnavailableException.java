package ai.induo.common.queue;

/** The queue backend could not accept or serve a request in time. Retryable. */
public class QueueUnavailableException extends RuntimeException {

    public QueueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
