package ai.induo.common.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A try-on job as the lifecycle sees it: an immutable snapshot of the stored job. Changes go through
 * {@link JobLifecycle}, which writes them with {@link JobStore}; a snapshot is never changed in place.
 *
 * @param version grows by one with every status change; the store's conditional updates compare it
 * @param attempt the attempts started so far (a claim adds one)
 * @param maxAttempts attempts the job gets before a transient fault fails it
 * @param inputs the person image first, then the product images ({@link JobImages})
 * @param errors one entry per failed attempt, oldest first
 * @param transitions every status change, oldest first
 * @param expiresAt the submitter's deadline: a job not started by then expires; null when none
 * @param idempotencyKey the {@code Idempotency-Key} the job was submitted under, bound to this one job
 *     of the account for as long as the job is kept; null when none
 * @param requestDigest the digest of the submission made under {@link #idempotencyKey()}, so a later
 *     request under the key can be told from a retry of it; null when there is no key
 * @param dispatched whether the queue holds a message for the job's current attempt
 * @param dispatchAfter while queued after a transient fault: the job is neither published nor claimed before then
 * @param inputsDeletedAt when retention deleted the input images; null while kept
 * @param outputsDeletedAt when retention deleted the output images; null while kept
 */
public record Job(
        String id,
        String accountId,
        JobStatus status,
        long version,
        String model,
        String region,
        int attempt,
        int maxAttempts,
        Map<String, String> metadata,
        String webhookUrl,
        String idempotencyKey,
        String requestDigest,
        List<JobImage> inputs,
        List<JobImage> outputs,
        List<JobError> errors,
        List<JobTransition> transitions,
        Instant createdAt,
        Instant expiresAt,
        Instant startedAt,
        Instant finishedAt,
        boolean dispatched,
        Instant dispatchAfter,
        String leaseOwner,
        Instant leaseExpiresAt,
        Instant inputsDeletedAt,
        Instant outputsDeletedAt) {

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(status, "status");
        metadata = Map.copyOf(metadata);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        errors = List.copyOf(errors);
        transitions = List.copyOf(transitions);
    }

    /** The error of the last failed attempt. */
    public Optional<JobError> lastError() {
        return errors.isEmpty() ? Optional.empty() : Optional.of(errors.get(errors.size() - 1));
    }

    /** Whether another attempt may start after the current one fails. */
    public boolean hasAttemptsLeft() {
        return attempt < maxAttempts;
    }

    /**
     * The job as it was right after its first {@code changes} status changes, as far as its history
     * tells: status, version, attempt, start and end times, and the errors recorded by then. What the
     * history does not keep (lease, retry backoff, outputs of an unfinished job) is left empty.
     *
     * @param changes from 1 to the number of {@link #transitions()}
     */
    public Job asOf(int changes) {
        if (changes < 1 || changes > transitions.size()) {
            throw new IllegalArgumentException("job " + id + " has " + transitions.size() + " changes, not " + changes);
        }
        if (changes == transitions.size()) {
            return this;
        }
        List<JobTransition> past = transitions.subList(0, changes);
        JobTransition last = past.get(changes - 1);
        List<JobTransition> starts = past.stream().filter(change -> change.to() == JobStatus.RUNNING).toList();
        return toBuilder()
                .status(last.to())
                .version(version - (transitions.size() - changes))
                .attempt(starts.size())
                .startedAt(starts.isEmpty() ? null : starts.get(starts.size() - 1).at())
                .finishedAt(null)
                .outputs(List.of())
                .errors(errors.stream().filter(error -> !error.at().isAfter(last.at())).toList())
                .transitions(past)
                .leaseOwner(null)
                .leaseExpiresAt(null)
                .dispatchAfter(null)
                .build();
    }

    /** A builder holding this job's values, for the store's mapping and for tests. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link Job}; every list and map starts empty, the status {@code queued}. */
    public static final class Builder {
        private String id;
        private String accountId;
        private JobStatus status = JobStatus.QUEUED;
        private long version;
        private String model;
        private String region;
        private int attempt;
        private int maxAttempts;
        private Map<String, String> metadata = new LinkedHashMap<>();
        private String webhookUrl;
        private String idempotencyKey;
        private String requestDigest;
        private List<JobImage> inputs = new ArrayList<>();
        private List<JobImage> outputs = new ArrayList<>();
        private List<JobError> errors = new ArrayList<>();
        private List<JobTransition> transitions = new ArrayList<>();
        private Instant createdAt;
        private Instant expiresAt;
        private Instant startedAt;
        private Instant finishedAt;
        private boolean dispatched;
        private Instant dispatchAfter;
        private String leaseOwner;
        private Instant leaseExpiresAt;
        private Instant inputsDeletedAt;
        private Instant outputsDeletedAt;

        private Builder() {
        }

        private Builder(Job job) {
            id = job.id;
            accountId = job.accountId;
            status = job.status;
            version = job.version;
            model = job.model;
            region = job.region;
            attempt = job.attempt;
            maxAttempts = job.maxAttempts;
            metadata = new LinkedHashMap<>(job.metadata);
            webhookUrl = job.webhookUrl;
            idempotencyKey = job.idempotencyKey;
            requestDigest = job.requestDigest;
            inputs = new ArrayList<>(job.inputs);
            outputs = new ArrayList<>(job.outputs);
            errors = new ArrayList<>(job.errors);
            transitions = new ArrayList<>(job.transitions);
            createdAt = job.createdAt;
            expiresAt = job.expiresAt;
            startedAt = job.startedAt;
            finishedAt = job.finishedAt;
            dispatched = job.dispatched;
            dispatchAfter = job.dispatchAfter;
            leaseOwner = job.leaseOwner;
            leaseExpiresAt = job.leaseExpiresAt;
            inputsDeletedAt = job.inputsDeletedAt;
            outputsDeletedAt = job.outputsDeletedAt;
        }

        public Builder id(String value) {
            id = value;
            return this;
        }

        public Builder accountId(String value) {
            accountId = value;
            return this;
        }

        public Builder status(JobStatus value) {
            status = value;
            return this;
        }

        public Builder version(long value) {
            version = value;
            return this;
        }

        public Builder model(String value) {
            model = value;
            return this;
        }

        public Builder region(String value) {
            region = value;
            return this;
        }

        public Builder attempt(int value) {
            attempt = value;
            return this;
        }

        public Builder maxAttempts(int value) {
            maxAttempts = value;
            return this;
        }

        public Builder metadata(Map<String, String> value) {
            metadata = new LinkedHashMap<>(value);
            return this;
        }

        public Builder webhookUrl(String value) {
            webhookUrl = value;
            return this;
        }

        public Builder idempotencyKey(String value) {
            idempotencyKey = value;
            return this;
        }

        public Builder requestDigest(String value) {
            requestDigest = value;
            return this;
        }

        public Builder inputs(List<JobImage> value) {
            inputs = new ArrayList<>(value);
            return this;
        }

        public Builder outputs(List<JobImage> value) {
            outputs = new ArrayList<>(value);
            return this;
        }

        public Builder errors(List<JobError> value) {
            errors = new ArrayList<>(value);
            return this;
        }

        public Builder transitions(List<JobTransition> value) {
            transitions = new ArrayList<>(value);
            return this;
        }

        public Builder createdAt(Instant value) {
            createdAt = value;
            return this;
        }

        public Builder expiresAt(Instant value) {
            expiresAt = value;
            return this;
        }

        public Builder startedAt(Instant value) {
            startedAt = value;
            return this;
        }

        public Builder finishedAt(Instant value) {
            finishedAt = value;
            return this;
        }

        public Builder dispatched(boolean value) {
            dispatched = value;
            return this;
        }

        public Builder dispatchAfter(Instant value) {
            dispatchAfter = value;
            return this;
        }

        public Builder leaseOwner(String value) {
            leaseOwner = value;
            return this;
        }

        public Builder leaseExpiresAt(Instant value) {
            leaseExpiresAt = value;
            return this;
        }

        public Builder inputsDeletedAt(Instant value) {
            inputsDeletedAt = value;
            return this;
        }

        public Builder outputsDeletedAt(Instant value) {
            outputsDeletedAt = value;
            return this;
        }

        public Job build() {
            return new Job(id, accountId, status, version, model, region, attempt, maxAttempts, metadata, webhookUrl,
                    idempotencyKey, requestDigest, inputs, outputs, errors, transitions, createdAt, expiresAt, startedAt, finishedAt, dispatched,
                    dispatchAfter, leaseOwner, leaseExpiresAt, inputsDeletedAt, outputsDeletedAt);
        }
    }
}
