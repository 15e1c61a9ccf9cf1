package ai.induo.common.crypto;

/**
 * An account key cannot be used: it does not exist, it was destroyed (the account was erased), or
 * this process cannot unwrap it. Data encrypted under it is unreadable.
 */
public class KeyUnavailableException extends RuntimeException {

    public KeyUnavailableException(String message) {
        super(message);
    }

    public KeyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
