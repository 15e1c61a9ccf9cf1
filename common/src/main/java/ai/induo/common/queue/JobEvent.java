package ai.induo.common.queue;

import ai.induo.common.job.JobStatus;
import ai.induo.common.json.Json;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.time.Instant;

/**
 * A job changed state. Broadcast to every gateway instance, which wakes long-polls and runs the
 * completion work (webhook, metrics) from the database, not from this message.
 */
public record JobEvent(
        @JsonProperty("v") int version,
        @JsonProperty("job_id") String jobId,
        @JsonProperty("account_id") String accountId,
        @JsonProperty("status") JobStatus status,
        @JsonProperty("occurred_at") Instant occurredAt) {

    public static final int CURRENT_VERSION = 1;

    public static JobEvent of(String jobId, String accountId, JobStatus status, Instant now) {
        return new JobEvent(CURRENT_VERSION, jobId, accountId, status, now);
    }

    /** The event as the JSON bytes every event bus carries. */
    public byte[] toJson() {
        return Json.toBytes(this);
    }

    /**
     * Reads an event from its JSON bytes.
     *
     * @throws IOException when {@code json} is absent, not JSON, or not a job event
     */
    public static JobEvent fromJson(byte[] json) throws IOException {
        return Json.fromBytes(json, JobEvent.class);
    }
}
