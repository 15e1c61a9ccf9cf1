package ai.induo.gateway.privacy.export;

import ai.induo.common.job.Job;
import ai.induo.common.job.JobError;
import ai.induo.common.job.JobImage;
import ai.induo.common.job.JobTransition;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One line of {@code jobs.jsonl}: everything the job record holds about the account's request, in the
 * API's names, without what is internal (object keys, lease, idempotency digest).
 */
record ExportedJob(
        @JsonProperty("id") String id,
        @JsonProperty("object") String object,
        @JsonProperty("status") String status,
        @JsonProperty("model") String model,
        @JsonProperty("region") String region,
        @JsonProperty("metadata") Map<String, String> metadata,
        @JsonProperty("webhook_url") String webhookUrl,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("max_attempts") int maxAttempts,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("expires_at") Instant expiresAt,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("finished_at") Instant finishedAt,
        @JsonProperty("inputs_deleted_at") Instant inputsDeletedAt,
        @JsonProperty("outputs_deleted_at") Instant outputsDeletedAt,
        @JsonProperty("status_history") List<Transition> statusHistory,
        @JsonProperty("errors") List<Error> errors,
        @JsonProperty("inputs") List<Image> inputs,
        @JsonProperty("outputs") List<Image> outputs) {

    record Transition(@JsonProperty("from") String from, @JsonProperty("to") String to, @JsonProperty("at") Instant at) {
        static Transition of(JobTransition transition) {
            return new Transition(transition.from() == null ? null : transition.from().wireName(),
                    transition.to().wireName(), transition.at());
        }
    }

    record Error(@JsonProperty("attempt") int attempt, @JsonProperty("code") String code,
                 @JsonProperty("message") String message, @JsonProperty("at") Instant at) {
        static Error of(JobError error) {
            return new Error(error.attempt(), error.code(), error.message(), error.at());
        }
    }

    record Image(@JsonProperty("role") String role, @JsonProperty("content_type") String contentType,
                 @JsonProperty("width") int width, @JsonProperty("height") int height, @JsonProperty("bytes") long bytes) {
        static Image of(JobImage image) {
            return new Image(image.role().wireName(), image.contentType(), image.width(), image.height(), image.bytes());
        }
    }

    static ExportedJob of(Job job) {
        return new ExportedJob(job.id(), "job", job.status().wireName(), job.model(), job.region(), job.metadata(),
                job.webhookUrl(), job.attempt(), job.maxAttempts(), job.createdAt(), job.expiresAt(), job.startedAt(),
                job.finishedAt(), job.inputsDeletedAt(), job.outputsDeletedAt(),
                job.transitions().stream().map(Transition::of).toList(), job.errors().stream().map(Error::of).toList(),
                job.inputs().stream().map(Image::of).toList(), job.outputs().stream().map(Image::of).toList());
    }
}
