package ai.induo.platform.job;

import ai.induo.common.job.JobStatus;
import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.codecs.pojo.annotations.BsonIgnore;

/**
 * A try-on job as stored in MongoDB. One document is the unit of atomic change: status moves with
 * one conditional update on {@code {_id, status, version}}; the publish outbox ({@code dispatched})
 * and the completion outbox ({@code notify*}) live on the same document, since transactions are
 * not available on every MongoDB-wire server we run on.
 */
@MongoEntity(collection = "jobs")
public class JobEntity {

    @BsonId
    public String id;
    public String accountId;
    /** {@link JobStatus#wireName()}. */
    public String status;
    public long version;
    public String model;
    /** Where the job's images are stored: the storage bucket's region, or {@code local}. */
    public String region;
    public int attempt;
    public int maxAttempts;
    public Map<String, String> metadata = new LinkedHashMap<>();
    public String webhookUrl;
    public List<StoredImage> inputs = new ArrayList<>();
    public List<StoredImage> outputs = new ArrayList<>();
    public List<JobErrorEntry> errors = new ArrayList<>();
    public List<Transition> transitions = new ArrayList<>();

    public Instant createdAt;
    /** The submitter's deadline: a job not started by then expires instead of running; null when none. */
    public Instant expiresAt;
    public Instant startedAt;
    public Instant finishedAt;

    /** Publish outbox: false until the queue accepted the job message. */
    public boolean dispatched;
    public Instant dispatchedAt;
    /** After a transient failure: the job is neither published nor claimed before this time (its retry backoff). */
    public Instant dispatchAfter;

    public String leaseOwner;
    public Instant leaseExpiresAt;

    /** When the retention sweeper deleted the input images; null while they are kept. */
    public Instant inputsDeletedAt;
    /** When the retention sweeper deleted the output images; null while they are kept. */
    public Instant outputsDeletedAt;

    /** Completion outbox: set with the terminal transition, cleared once webhook and metrics are done. */
    public boolean notifyPending;
    public int notifyAttempts;
    public Instant notifyNextAt;
    public Instant notifyLeaseUntil;
    public Instant notifiedAt;

    @BsonIgnore
    public JobStatus jobStatus() {
        return JobStatus.fromWireName(status);
    }

    /** The error of the last failed attempt, or null. */
    @BsonIgnore
    public JobErrorEntry lastError() {
        return errors.isEmpty() ? null : errors.get(errors.size() - 1);
    }

    /** One encrypted image in object storage. */
    public static class StoredImage {
        /** {@code person}, {@code product} or {@code output}. */
        public String role;
        public String key;
        public String contentType;
        public int width;
        public int height;
        public long bytes;

        public StoredImage() {
        }

        public StoredImage(String role, String key, String contentType, int width, int height, long bytes) {
            this.role = role;
            this.key = key;
            this.contentType = contentType;
            this.width = width;
            this.height = height;
            this.bytes = bytes;
        }
    }

    /** Why one attempt failed. */
    public static class JobErrorEntry {
        public int attempt;
        public String code;
        public String message;
        public Instant at;

        public JobErrorEntry() {
        }

        public JobErrorEntry(int attempt, String code, String message, Instant at) {
            this.attempt = attempt;
            this.code = code;
            this.message = message;
            this.at = at;
        }
    }

    /** One state change and when it happened. */
    public static class Transition {
        public String from;
        public String to;
        public Instant at;

        public Transition() {
        }

        public Transition(String from, String to, Instant at) {
            this.from = from;
            this.to = to;
            this.at = at;
        }
    }
}
