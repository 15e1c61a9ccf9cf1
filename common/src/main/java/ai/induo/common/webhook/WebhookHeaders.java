package ai.induo.common.webhook;

import java.util.Map;
import java.util.Objects;

/**
 * The Standard Webhooks headers of one signed delivery.
 *
 * @param id the message id ({@code webhook-id}), the same on every retry of the message
 * @param timestamp seconds since the epoch ({@code webhook-timestamp})
 * @param signature {@code v1,<base64 HMAC-SHA256>}, one per signing secret separated by spaces ({@code webhook-signature})
 */
public record WebhookHeaders(String id, String timestamp, String signature) {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";

    public WebhookHeaders {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(signature, "signature");
    }

    /** The three headers by name, to add to the HTTP request. */
    public Map<String, String> asMap() {
        return Map.of(ID, id, TIMESTAMP, timestamp, SIGNATURE, signature);
    }
}
