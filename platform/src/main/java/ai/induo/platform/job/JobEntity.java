package ai.induo.platform.job;

import ai.induo.common.job.Job;
import ai.induo.common.job.JobError;
import ai.induo.common.job.JobImage;
import ai.induo.common.job.JobStatus;
import ai.induo.common.job.JobTransition;
import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * A try-on job as stored in MongoDB: the schema of the {@code jobs} collection, read and written only
 * by the repositories (the {@link MongoJobStore} adapter and the gateway's own queries), which hand
 * out {@link Job} snapshots ({@link #toJob()}). One document is the unit of atomic change: status
 * moves with one conditional update on {@code {_id, status, version}}; the publish outbox
 * ({@code dispatched}) and the completion outbox ({@code notify*}) live on the same document, since
 * transactions are not available on every MongoDB-wire server we run on.
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
    /** The {@code Idempotency-Key} the job was submitted under; null when none. */
    public String idempotencyKey;
    /** The digest of the submission made under {@link #idempotencyKey}. */
    public String requestDigest;
    /**
     * {@code <accountId>:<idempotencyKey>}, only on a job submitted under a key: the unique sparse
     * index on it binds the key to this one job of the account ({@link JobIndexes}).
     */
    public String accountIdempotencyKey;
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

    /** The document of a new job. */
    public static JobEntity of(Job job) {
        JobEntity entity = new JobEntity();
        entity.id = job.id();
        entity.accountId = job.accountId();
        entity.status = job.status().wireName();
        entity.version = job.version();
        entity.model = job.model();
        entity.region = job.region();
        entity.attempt = job.attempt();
        entity.maxAttempts = job.maxAttempts();
        entity.metadata = new LinkedHashMap<>(job.metadata());
        entity.webhookUrl = job.webhookUrl();
        entity.idempotencyKey = job.idempotencyKey();
        entity.requestDigest = job.requestDigest();
        entity.accountIdempotencyKey = job.idempotencyKey() == null ? null
                : accountIdempotencyKey(job.accountId(), job.idempotencyKey());
        entity.inputs = new ArrayList<>(job.inputs().stream().map(StoredImage::of).toList());
        entity.outputs = new ArrayList<>(job.outputs().stream().map(StoredImage::of).toList());
        entity.errors = new ArrayList<>(job.errors().stream().map(JobErrorEntry::of).toList());
        entity.transitions = new ArrayList<>(job.transitions().stream().map(Transition::of).toList());
        entity.createdAt = job.createdAt();
        entity.expiresAt = job.expiresAt();
        entity.startedAt = job.startedAt();
        entity.finishedAt = job.finishedAt();
        entity.dispatched = job.dispatched();
        entity.dispatchAfter = job.dispatchAfter();
        entity.leaseOwner = job.leaseOwner();
        entity.leaseExpiresAt = job.leaseExpiresAt();
        entity.inputsDeletedAt = job.inputsDeletedAt();
        entity.outputsDeletedAt = job.outputsDeletedAt();
        return entity;
    }

    /** The job this document holds. */
    public Job toJob() {
        return Job.builder()
                .id(id)
                .accountId(accountId)
                .status(JobStatus.fromWireName(status))
                .version(version)
                .model(model)
                .region(region)
                .attempt(attempt)
                .maxAttempts(maxAttempts)
                .metadata(metadata == null ? Map.of() : metadata)
                .webhookUrl(webhookUrl)
                .idempotencyKey(idempotencyKey)
                .requestDigest(requestDigest)
                .inputs(inputs.stream().map(StoredImage::toImage).toList())
                .outputs(outputs.stream().map(StoredImage::toImage).toList())
                .errors(errors.stream().map(JobErrorEntry::toError).toList())
                .transitions(transitions.stream().map(Transition::toTransition).toList())
                .createdAt(createdAt)
                .expiresAt(expiresAt)
                .startedAt(startedAt)
                .finishedAt(finishedAt)
                .dispatched(dispatched)
                .dispatchAfter(dispatchAfter)
                .leaseOwner(leaseOwner)
                .leaseExpiresAt(leaseExpiresAt)
                .inputsDeletedAt(inputsDeletedAt)
                .outputsDeletedAt(outputsDeletedAt)
                .build();
    }

    /** The value of {@link #accountIdempotencyKey} for the account's key (account ids hold no {@code :}). */
    static String accountIdempotencyKey(String accountId, String idempotencyKey) {
        return accountId + ":" + idempotencyKey;
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

        static StoredImage of(JobImage image) {
            StoredImage stored = new StoredImage();
            stored.role = image.role().wireName();
            stored.key = image.key();
            stored.contentType = image.contentType();
            stored.width = image.width();
            stored.height = image.height();
            stored.bytes = image.bytes();
            return stored;
        }

        JobImage toImage() {
            return new JobImage(JobImage.Role.fromWireName(role), key, contentType, width, height, bytes);
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

        static JobErrorEntry of(JobError error) {
            JobErrorEntry entry = new JobErrorEntry();
            entry.attempt = error.attempt();
            entry.code = error.code();
            entry.message = error.message();
            entry.at = error.at();
            return entry;
        }

        JobError toError() {
            return new JobError(attempt, code, message, at);
        }
    }

    /** One state change and when it happened. */
    public static class Transition {
        public String from;
        public String to;
        public Instant at;

        public Transition() {
        }

        static Transition of(JobTransition transition) {
            return of(transition.from(), transition.to(), transition.at());
        }

        static Transition of(JobStatus from, JobStatus to, Instant at) {
            Transition entry = new Transition();
            entry.from = from.wireName();
            entry.to = to.wireName();
            entry.at = at;
            return entry;
        }

        JobTransition toTransition() {
            return new JobTransition(JobStatus.fromWireName(from), JobStatus.fromWireName(to), at);
        }
    }
}
