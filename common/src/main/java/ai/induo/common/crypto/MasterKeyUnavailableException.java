package ai.induo.common.crypto;

/**
 * The master key cannot be used right now: its key management service did not answer within the
 * deadline, is unreachable, or refuses this process (missing permission, key disabled). Unlike the
 * other causes of {@link KeyUnavailableException}, this one passes: the same call can succeed once
 * the service is back or the permission is granted.
 */
public class MasterKeyUnavailableException extends KeyUnavailableException {

    public MasterKeyUnavailableException(String message) {
        super(message);
    }

    public MasterKeyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
