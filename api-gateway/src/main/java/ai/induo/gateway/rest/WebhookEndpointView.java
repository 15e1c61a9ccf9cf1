package ai.induo.gateway.rest;

import ai.induo.gateway.webhook.WebhookEndpointEntity;
import ai.induo.gateway.webhook.WebhookEndpointEntity.EndpointSecret;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A webhook endpoint as the API shows it; {@code secret} only in the answers that create it or
 * rotate it, never its wrapped form.
 */
public record WebhookEndpointView(
        @JsonProperty("id") String id,
        @JsonProperty("object") String object,
        @JsonProperty("url") String url,
        @JsonProperty("description") String description,
        @JsonProperty("event_types") List<String> eventTypes,
        @JsonProperty("enabled") boolean enabled,
        @JsonProperty("disabled_reason") String disabledReason,
        @JsonProperty("previous_secret_expires_at") Instant previousSecretExpiresAt,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("secret") String secret) {

    /** A stored endpoint, without its secret. */
    static WebhookEndpointView of(WebhookEndpointEntity endpoint) {
        return withSecret(endpoint, null);
    }

    /** An endpoint with its new secret, shown this once. */
    static WebhookEndpointView withSecret(WebhookEndpointEntity endpoint, String secret) {
        Instant previousExpiresAt = endpoint.secrets.stream()
                .map((EndpointSecret stored) -> stored.expiresAt)
                .filter(expiresAt -> expiresAt != null)
                .max(Instant::compareTo)
                .orElse(null);
        return new WebhookEndpointView(endpoint.id, "webhook_endpoint", endpoint.url, endpoint.description, endpoint.eventTypes,
                endpoint.enabled, endpoint.disabledReason, previousExpiresAt, endpoint.createdAt, endpoint.updatedAt, secret);
    }
}
