package ai.induo.gateway.rest;

import ai.induo.gateway.webhook.SigningSecrets;
import ai.induo.gateway.webhook.WebhookEndpointEntity;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A webhook endpoint as the API shows it; {@code secret} only in the answers that create it or
 * rotate it, never its wrapped form.
 */
@Schema(name = "WebhookEndpoint", description = "Where the account's job events go. Its signing secret is shown "
        + "once, in `secret`, when the endpoint is made and when the secret is rotated.")
public record WebhookEndpointView(
        @Schema(required = true, description = "The endpoint's id, `ep_…`.")
        @JsonProperty("id") String id,
        @Schema(required = true, enumeration = "webhook_endpoint")
        @JsonProperty("object") String object,
        @Schema(required = true, description = "Where events are sent: http or https, a public address.")
        @JsonProperty("url") String url,
        @Schema(required = true, nullable = true, description = "What the endpoint is for.")
        @JsonProperty("description") String description,
        @Schema(required = true, type = SchemaType.ARRAY, implementation = String.class,
                description = "The event types sent here (`job.succeeded`, `job.failed`, `job.cancelled`, "
                        + "`job.expired`); empty for every type.")
        @JsonProperty("event_types") List<String> eventTypes,
        @Schema(required = true, description = "Whether events are sent here.")
        @JsonProperty("enabled") boolean enabled,
        @Schema(required = true, nullable = true, description = "Why Induo disabled the endpoint (its receiver "
                + "answered `410 Gone`); `null` otherwise.")
        @JsonProperty("disabled_reason") String disabledReason,
        @Schema(required = true, nullable = true, description = "Until when the secret rotated out last keeps signing "
                + "next to the current one; `null` when the secret was never rotated.")
        @JsonProperty("previous_secret_expires_at") Instant previousSecretExpiresAt,
        @Schema(required = true, description = "When the endpoint was made.")
        @JsonProperty("created_at") Instant createdAt,
        @Schema(required = true, description = "When the endpoint last changed.")
        @JsonProperty("updated_at") Instant updatedAt,
        @Schema(description = "The signing secret, `whsec_…`: only in the answers that make the endpoint or rotate "
                + "its secret (and their idempotent replays), never again.")
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("secret") String secret) {

    /** A stored endpoint, without its secret. */
    public static WebhookEndpointView of(WebhookEndpointEntity endpoint) {
        return withSecret(endpoint, null);
    }

    /** An endpoint with its new secret, shown this once. */
    static WebhookEndpointView withSecret(WebhookEndpointEntity endpoint, String secret) {
        Instant previousExpiresAt = SigningSecrets.previousExpiresAt(endpoint.secrets).orElse(null);
        return new WebhookEndpointView(endpoint.id, "webhook_endpoint", endpoint.url, endpoint.description, endpoint.eventTypes,
                endpoint.enabled, endpoint.disabledReason, previousExpiresAt, endpoint.createdAt, endpoint.updatedAt, secret);
    }
}
