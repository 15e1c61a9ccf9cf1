package ai.induo.gateway.webhook;

import java.time.Instant;

/**
 * One webhook signing secret as stored: wrapped by the master key under the name of what it signs
 * for (an endpoint, or the account's own secret), never in clear. {@link SigningSecrets} makes and
 * opens them.
 */
public class SigningSecret {

    public byte[] wrapped;
    public String masterKeyId;
    public Instant createdAt;
    /** When a rotated-out secret stops signing; null for the current secret. */
    public Instant expiresAt;
}
