package ai.induo.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A job as the API shows it. Every field is always present; unknown values are {@code null}. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record JobView(
        @JsonProperty("id") String id,
        @JsonProperty("object") String object,
        @JsonProperty("status") String status,
        @JsonProperty("queue_position") Long queuePosition,
        @JsonProperty("model") String model,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("finished_at") Instant finishedAt,
        @JsonProperty("expires_at") Instant expiresAt,
        @JsonProperty("metadata") Map<String, String> metadata,
        @JsonProperty("webhook_url") String webhookUrl,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("outputs") List<Output> outputs,
        @JsonProperty("error") Error error) {

    /** A result image: a signed, expiring URL that needs no API key. */
    public record Output(
            @JsonProperty("url") String url,
            @JsonProperty("content_type") String contentType,
            @JsonProperty("width") int width,
            @JsonProperty("height") int height,
            @JsonProperty("expires_at") Instant expiresAt) {
    }

    /** Why the job failed. */
    public record Error(@JsonProperty("code") String code, @JsonProperty("message") String message) {
    }
}
