package ai.induo.gateway.rest;

import ai.induo.gateway.webhook.WebhookDeliveryEntity;
import ai.induo.gateway.webhook.WebhookDeliveryEntity.Attempt;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A webhook delivery as the API shows it: the event, where it goes, and every attempt, oldest first. */
@Schema(name = "WebhookDelivery", description = "One event on its way to one destination, with every attempt.")
public record WebhookDeliveryView(
        @Schema(required = true, description = "The delivery's id, `dlv_…`.")
        @JsonProperty("id") String id,
        @Schema(required = true, enumeration = "webhook_delivery")
        @JsonProperty("object") String object,
        @Schema(required = true, description = "The event's id, sent as `webhook-id` on every attempt and to every "
                + "destination: `msg_<job id>_<status>`.")
        @JsonProperty("event_id") String eventId,
        @Schema(required = true, enumeration = {"job.succeeded", "job.failed", "job.cancelled", "job.expired"})
        @JsonProperty("event_type") String eventType,
        @Schema(required = true, description = "The job the event is about.")
        @JsonProperty("job_id") String jobId,
        @Schema(required = true, nullable = true, description = "The endpoint it goes to; `null` for the job's own "
                + "`webhook_url`.")
        @JsonProperty("endpoint_id") String endpointId,
        @Schema(required = true, nullable = true, description = "The job's `webhook_url` when it goes there; `null` "
                + "for an endpoint (its URL is read at each attempt).")
        @JsonProperty("url") String url,
        @Schema(required = true, enumeration = {"pending", "succeeded", "failed"}, description = "`pending` while "
                + "attempts are scheduled, then the outcome of the last attempt.")
        @JsonProperty("status") String status,
        @Schema(required = true, nullable = true, description = "When the next scheduled attempt goes; `null` when "
                + "none is scheduled.")
        @JsonProperty("next_attempt_at") Instant nextAttemptAt,
        @Schema(required = true, description = "When the event was queued for this destination.")
        @JsonProperty("created_at") Instant createdAt,
        @Schema(required = true, description = "Every attempt, oldest first (the last 100).")
        @JsonProperty("attempts") List<AttemptView> attempts) {

    /** One attempt: when, where, the receiver's status code (null when none came), latency and error. */
    @Schema(name = "WebhookAttempt", description = "One attempt to send a delivery.")
    public record AttemptView(
            @Schema(required = true, description = "When the attempt went.")
            @JsonProperty("attempted_at") Instant attemptedAt,
            @Schema(required = true, nullable = true, description = "Where it went; `null` when it could not go "
                    + "anywhere (endpoint deleted or disabled).")
            @JsonProperty("url") String url,
            @Schema(required = true, nullable = true, description = "The receiver's HTTP status; `null` when no "
                    + "answer came (timeout, refused connection, blocked address).")
            @JsonProperty("status_code") Integer statusCode,
            @Schema(required = true, description = "How long the attempt took, in milliseconds.")
            @JsonProperty("latency_ms") long latencyMs,
            @Schema(required = true, nullable = true, description = "Why the attempt failed; `null` when delivered.")
            @JsonProperty("error") String error,
            @Schema(required = true, enumeration = {"scheduled", "manual"},
                    description = "`manual` for `POST /v1/webhook-deliveries/{id}/retry`.")
            @JsonProperty("trigger") String trigger) {

        static AttemptView of(Attempt attempt) {
            return new AttemptView(attempt.at, attempt.url, attempt.statusCode, attempt.latencyMs, attempt.error, attempt.trigger);
        }
    }

    public static WebhookDeliveryView of(WebhookDeliveryEntity delivery) {
        return new WebhookDeliveryView(delivery.id, "webhook_delivery", delivery.eventId, delivery.eventType, delivery.jobId,
                delivery.endpointId, delivery.url, delivery.status, delivery.nextAttemptAt, delivery.createdAt,
                delivery.attempts.stream().map(AttemptView::of).toList());
    }
}
