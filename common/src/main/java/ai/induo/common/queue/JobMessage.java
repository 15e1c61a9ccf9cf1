package ai.induo.common.queue;

import ai.induo.common.json.Json;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/**
 * The queue message for one job: small, versioned JSON. It carries ids only; the worker reads the
 * job itself from the database.
 *
 * @param version schema version of this message, {@link #CURRENT_VERSION} when produced here
 * @param jobId the job's id ({@code job_…})
 * @param accountId the owning account ({@code acct_…})
 * @param model the model name the job asks for
 * @param attempt the attempt this message is for (1 for the first publication)
 * @param enqueuedAt when the message was published
 */
public record JobMessage(
        @JsonProperty("v") int version,
        @JsonProperty("job_id") String jobId,
        @JsonProperty("account_id") String accountId,
        @JsonProperty("model") String model,
        @JsonProperty("attempt") int attempt,
        @JsonProperty("enqueued_at") Instant enqueuedAt) {

    public static final int CURRENT_VERSION = 1;

    public JobMessage {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(accountId, "accountId");
    }

    public static JobMessage of(String jobId, String accountId, String model, int attempt, Instant now) {
        return new JobMessage(CURRENT_VERSION, jobId, accountId, model, attempt, now);
    }

    /** The message as the JSON bytes every queue adapter carries. */
    public byte[] toJson() {
        return Json.toBytes(this);
    }

    /**
     * Reads a message from its JSON bytes.
     *
     * @throws IOException when {@code json} is absent, not JSON, or not a job message
     */
    public static JobMessage fromJson(byte[] json) throws IOException {
        return Json.fromBytes(json, JobMessage.class);
    }
}
