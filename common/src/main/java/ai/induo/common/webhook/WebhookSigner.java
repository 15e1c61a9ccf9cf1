package ai.induo.common.webhook;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookSigningException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Signs and verifies webhooks as the Standard Webhooks specification describes, through its
 * reference library: {@code v1,} and the base64 HMAC-SHA256 of {@code id.timestamp.body} under a
 * {@code whsec_} secret.
 */
public final class WebhookSigner {

    /** Verification accepts timestamps this far from the current time, either way (fixed by the library). */
    public static final Duration TIMESTAMP_TOLERANCE = Duration.ofMinutes(5);

    private static final String SECRET_PREFIX = "whsec_";
    private static final int SECRET_BYTES = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSigner() {
    }

    /** A new endpoint secret: {@code whsec_} and the base64 of 24 random bytes. */
    public static String newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(secret);
    }

    /**
     * Signs one delivery of {@code body}.
     *
     * @throws IllegalArgumentException when {@code secret} is empty or not {@code whsec_} + base64
     */
    public static WebhookHeaders sign(String secret, String messageId, Instant timestamp, String body) {
        return sign(List.of(secret), messageId, timestamp, body);
    }

    /**
     * Signs one delivery of {@code body} with each secret: the {@code webhook-signature} header holds
     * one {@code v1,…} signature per secret, separated by spaces, as the specification allows while
     * a receiver moves from an old secret to a new one.
     *
     * @throws IllegalArgumentException when {@code secrets} is empty, or a secret is empty or not
     *     {@code whsec_} + base64
     */
    public static WebhookHeaders sign(List<String> secrets, String messageId, Instant timestamp, String body) {
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(body, "body");
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one webhook secret is needed");
        }
        long seconds = timestamp.getEpochSecond();
        List<String> signatures = new ArrayList<>(secrets.size());
        try {
            for (String secret : secrets) {
                signatures.add(webhook(secret).sign(messageId, seconds, body));
            }
        } catch (WebhookSigningException e) {
            throw new IllegalStateException("HMAC-SHA256 signing failed: " + e.getMessage(), e);
        }
        return new WebhookHeaders(messageId, Long.toString(seconds), String.join(" ", signatures));
    }

    /**
     * Checks that {@code body} was signed with {@code secret} and that its timestamp is within
     * {@link #TIMESTAMP_TOLERANCE} of the system clock. Header names are matched ignoring case. The
     * library reads the system clock itself, so there is no variant with an injected clock.
     *
     * @throws WebhookVerificationException when a header is missing or malformed, the timestamp is
     *     too old or too new, or no signature matches
     * @throws IllegalArgumentException when {@code secret} is empty or not {@code whsec_} + base64
     */
    public static void verify(String secret, Map<String, List<String>> headers, String body)
            throws WebhookVerificationException {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        Map<String, List<String>> named = new HashMap<>();
        headers.forEach((name, values) -> {
            if (name != null && values != null) {
                named.put(name, values);
            }
        });
        try {
            webhook(secret).verify(body, named);
        } catch (com.standardwebhooks.exceptions.WebhookVerificationException e) {
            throw new WebhookVerificationException("webhook signature verification failed: " + e.getMessage());
        }
    }

    private static Webhook webhook(String secret) {
        Objects.requireNonNull(secret, "secret");
        try {
            return new Webhook(secret);
        } catch (EmptyWebhookSecretException e) {
            throw new IllegalArgumentException("webhook secret is empty");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook secret is not whsec_ followed by base64");
        }
    }
}
