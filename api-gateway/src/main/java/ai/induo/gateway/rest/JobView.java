package ai.induo.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A job as the API shows it. Every field is always present; unknown values are {@code null}. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "Job", description = "A try-on job. Every field is always present; unknown values are `null`.")
public record JobView(
        @Schema(required = true, description = "The job's id, `job_…`.")
        @JsonProperty("id") String id,
        @Schema(required = true, enumeration = "job")
        @JsonProperty("object") String object,
        @Schema(required = true, enumeration = {"queued", "running", "succeeded", "failed", "cancelled", "expired"},
                description = "Where the job is in its life; `succeeded`, `failed`, `cancelled` and `expired` are final.")
        @JsonProperty("status") String status,
        @Schema(required = true, nullable = true, minimum = "1", description = "While the job is queued, in single-job "
                + "reads (not lists or webhooks): 1 + the queued jobs of every account created before it; in the `202` answer "
                + "of a submission, 1 + the queued jobs as the gateway counted them at most a second before. Approximate; "
                + "`null` otherwise.")
        @JsonProperty("queue_position") Long queuePosition,
        @Schema(required = true, description = "The model that runs the job.")
        @JsonProperty("model") String model,
        @Schema(required = true, nullable = true, description = "Where the job's images are stored: the storage "
                + "bucket's location as Cloud Storage reports it, in lower case (for example `eu` or `europe-west4`), "
                + "or `local` on a one-machine stack; `null` for jobs from before regions were recorded.")
        @JsonProperty("region") String region,
        @Schema(required = true, description = "When the job was submitted.")
        @JsonProperty("created_at") Instant createdAt,
        @Schema(required = true, nullable = true, description = "When a worker started the job's latest attempt; "
                + "`null` before the first.")
        @JsonProperty("started_at") Instant startedAt,
        @Schema(required = true, nullable = true, description = "When the job reached its final status; `null` before.")
        @JsonProperty("finished_at") Instant finishedAt,
        @Schema(required = true, nullable = true, description = "The submission's deadline (`expires_in`): a job not "
                + "started by then expires instead of running. `null` when it has none.")
        @JsonProperty("expires_at") Instant expiresAt,
        @Schema(required = true, description = "The submission's metadata.")
        @JsonProperty("metadata") Map<String, String> metadata,
        @Schema(required = true, nullable = true, description = "Where the job's webhook goes when it ends; `null` when "
                + "none was given.")
        @JsonProperty("webhook_url") String webhookUrl,
        @Schema(required = true, minimum = "0", description = "The attempts started so far.")
        @JsonProperty("attempts") int attempts,
        @Schema(required = true, description = "The result images once the job succeeded, while they are kept; "
                + "empty otherwise.")
        @JsonProperty("outputs") List<Output> outputs,
        @Schema(required = true, nullable = true, description = "Why the job failed; `null` unless it is `failed`.")
        @JsonProperty("error") Error error) {

    /** A result image: a signed, expiring URL that needs no API key. */
    @Schema(name = "JobOutput", description = "A result image behind a signed, expiring URL that needs no API key.")
    public record Output(
            @Schema(required = true, format = "uri", description = "The download URL (`GET /v1/outputs/{job}/{index}`); "
                    + "read the job again for a fresh one once it expires.")
            @JsonProperty("url") String url,
            @Schema(required = true, description = "The image's media type, e.g. `image/png`.")
            @JsonProperty("content_type") String contentType,
            @Schema(required = true, minimum = "1", description = "Width in pixels.")
            @JsonProperty("width") int width,
            @Schema(required = true, minimum = "1", description = "Height in pixels.")
            @JsonProperty("height") int height,
            @Schema(required = true, description = "When the URL stops working.")
            @JsonProperty("expires_at") Instant expiresAt) {
    }

    /** Why the job failed. */
    @Schema(name = "JobError", description = "Why the job failed.")
    public record Error(
            @Schema(required = true, description = "`invalid_input` (not retried), `model_error`, `storage_error`, "
                    + "`internal_error` (retried up to the attempt limit) or `worker_lost`.")
            @JsonProperty("code") String code,
            @Schema(required = true, description = "What went wrong, for people.")
            @JsonProperty("message") String message) {
    }
}
