package ai.induo.gateway.webhook;

import ai.induo.common.id.Ids;
import ai.induo.common.json.Json;
import ai.induo.common.net.BlockedDestinationException;
import ai.induo.common.net.SafeHttpClient;
import ai.induo.common.webhook.WebhookHeaders;
import ai.induo.common.webhook.WebhookSigner;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.rest.JobView;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Sends one signed webhook per Standard Webhooks: {@code webhook-id} stays the same for every
 * attempt of one event, {@code webhook-timestamp} is the attempt's time, {@code webhook-signature}
 * holds one signature per secret, redirects are not followed.
 */
@ApplicationScoped
public class WebhookSender {

    @Inject
    WebhookDestinations destinations;

    @Inject
    GatewayConfig config;

    @Inject
    Clock clock;

    /** The JSON body of a job webhook. */
    public record JobWebhook(
            @JsonProperty("type") String type,
            @JsonProperty("timestamp") Instant timestamp,
            @JsonProperty("data") JobView data) {
    }

    /**
     * What the receiver answered, or why nothing was answered.
     *
     * @param status the receiver's HTTP status; null when no answer came
     * @param error why the attempt failed; null when it was delivered
     */
    public record Outcome(boolean delivered, Integer status, Duration latency, String error) {

        /** The receiver answered {@code 410 Gone}: it wants no more webhooks. */
        public boolean gone() {
            return status != null && status == 410;
        }
    }

    /** The stable id of the event "this job reached this status". */
    public static String eventId(String jobId, String status) {
        return Ids.EVENT + "_" + jobId + "_" + status;
    }

    public Outcome send(String url, List<String> secrets, String eventId, JobWebhook webhook) {
        String body;
        try {
            body = Json.mapper().writeValueAsString(webhook);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("webhook body cannot be serialised", e);
        }
        WebhookHeaders headers = WebhookSigner.sign(secrets, eventId, clock.instant(), body);
        long started = System.nanoTime();
        try {
            SafeHttpClient.Response response = destinations.client()
                    .post(URI.create(url), headers.asMap(), body.getBytes(StandardCharsets.UTF_8), "application/json");
            boolean delivered = response.status() >= 200 && response.status() < 300;
            return new Outcome(delivered, response.status(), since(started), delivered ? null : "The receiver answered " + response.status() + ".");
        } catch (IOException | RuntimeException e) {
            return new Outcome(false, null, since(started), describe(e));
        }
    }

    private String describe(Exception e) {
        if (e instanceof BlockedDestinationException) {
            return "The destination is not allowed: " + e.getMessage() + ".";
        }
        if (e instanceof InterruptedIOException) {
            return "No answer within " + config.webhooks().timeout().toSeconds() + " s.";
        }
        if (e instanceof ConnectException) {
            return "The connection was refused.";
        }
        return "The request failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
