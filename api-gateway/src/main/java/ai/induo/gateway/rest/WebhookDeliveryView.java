package ai.induo.gateway.rest;

import ai.induo.gateway.webhook.WebhookDeliveryEntity;
import ai.induo.gateway.webhook.WebhookDeliveryEntity.Attempt;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** A webhook delivery as the API shows it: the event, where it goes, and every attempt, oldest first. */
public record WebhookDeliveryView(
        @JsonProperty("id") String id,
        @JsonProperty("object") String object,
        @JsonProperty("event_id") String eventId,
        @JsonProperty("event_type") String eventType,
        @JsonProperty("job_id") String jobId,
        @JsonProperty("endpoint_id") String endpointId,
        @JsonProperty("url") String url,
        @JsonProperty("status") String status,
        @JsonProperty("next_attempt_at") Instant nextAttemptAt,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("attempts") List<AttemptView> attempts) {

    /** One attempt: when, where, the receiver's status code (null when none came), latency and error. */
    public record AttemptView(
            @JsonProperty("attempted_at") Instant attemptedAt,
            @JsonProperty("url") String url,
            @JsonProperty("status_code") Integer statusCode,
            @JsonProperty("latency_ms") long latencyMs,
            @JsonProperty("error") String error,
            @JsonProperty("trigger") String trigger) {

        static AttemptView of(Attempt attempt) {
            return new AttemptView(attempt.at, attempt.url, attempt.statusCode, attempt.latencyMs, attempt.error, attempt.trigger);
        }
    }

    static WebhookDeliveryView of(WebhookDeliveryEntity delivery) {
        return new WebhookDeliveryView(delivery.id, "webhook_delivery", delivery.eventId, delivery.eventType, delivery.jobId,
                delivery.endpointId, delivery.url, delivery.status, delivery.nextAttemptAt, delivery.createdAt,
                delivery.attempts.stream().map(AttemptView::of).toList());
    }
}
