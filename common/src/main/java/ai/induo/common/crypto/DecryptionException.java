package ai.induo.common.crypto;

import java.io.IOException;

/**
 * Encrypted bytes do not authenticate: they were changed, truncated, are not in the expected format,
 * or were encrypted under a different key. The message never contains key material or plaintext.
 */
public class DecryptionException extends IOException {

    public DecryptionException(String message) {
        super(message);
    }

    public DecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
