package ai.induo.gateway.webhook;

import ai.induo.common.json.Json;
import ai.induo.common.net.SafeHttpClient;
import ai.induo.common.webhook.WebhookHeaders;
import ai.induo.common.webhook.WebhookSigner;
import ai.induo.gateway.rest.JobView;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * Sends one signed webhook per Standard Webhooks: {@code webhook-id} stays the same for every
 * attempt of one event, {@code webhook-timestamp} is the attempt's time, redirects are not followed.
 */
@ApplicationScoped
public class WebhookSender {

    @Inject
    WebhookDestinations destinations;

    @Inject
    Clock clock;

    /** The JSON body of a job webhook. */
    public record JobWebhook(
            @JsonProperty("type") String type,
            @JsonProperty("timestamp") Instant timestamp,
            @JsonProperty("data") JobView data) {
    }

    /** What the receiver answered, or why nothing was answered. */
    public record Outcome(boolean delivered, int status, String error) {
    }

    /** The stable id of the event "this job reached this status". */
    public static String eventId(String jobId, String status) {
        return "msg_" + jobId + "_" + status;
    }

    public Outcome send(String url, String secret, String eventId, JobWebhook webhook) {
        String body;
        try {
            body = Json.mapper().writeValueAsString(webhook);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("webhook body cannot be serialised", e);
        }
        WebhookHeaders headers = WebhookSigner.sign(secret, eventId, clock.instant(), body);
        try {
            SafeHttpClient.Response response = destinations.client()
                    .post(URI.create(url), headers.asMap(), body.getBytes(StandardCharsets.UTF_8), "application/json");
            boolean delivered = response.status() >= 200 && response.status() < 300;
            return new Outcome(delivered, response.status(), delivered ? null : "receiver answered " + response.status());
        } catch (IOException | RuntimeException e) {
            return new Outcome(false, 0, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
