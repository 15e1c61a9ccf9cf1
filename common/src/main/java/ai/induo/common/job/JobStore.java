package ai.induo.common.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port for where jobs are kept (MongoDB). Every status change is one conditional write on the job
 * as the caller read it ({@code id, status, version}, and the lease owner of a running job): when
 * the job changed in between, nothing is written and the answer is empty, since someone else won.
 * The store checks each change against {@link JobStatus}'s allow-list; which change to make, and
 * when, is {@link JobLifecycle}'s decision, never the store's.
 */
public interface JobStore {

    /**
     * Stores a new job as given.
     *
     * @throws DuplicateIdempotencyKeyException when the job has an {@link Job#idempotencyKey()} that
     *     another job of its account already has; nothing is stored then
     */
    void insert(Job job);

    Optional<Job> find(String jobId);

    /** The account's job submitted under this idempotency key; another account's is simply absent. */
    Optional<Job> findByIdempotencyKey(String accountId, String idempotencyKey);

    /** The job if it belongs to {@code accountId}; another account's job is simply absent. */
    Optional<Job> findForAccount(String jobId, String accountId);

    /**
     * {@code queued → running} for {@code owner}: attempt + 1, started now, leased until
     * {@code now + lease}, and dispatched (its message reached the worker, whether or not the
     * publisher has marked it yet). Empty when the job is missing, not queued, past its deadline or in its
     * retry backoff at {@code now}.
     */
    Optional<Job> claim(String jobId, String owner, Instant now, Duration lease);

    /** Moves the lease of a job {@code owner} still runs to {@code until}; false when it no longer runs it. */
    boolean extendLease(String jobId, String owner, Instant until);

    /** {@code running → succeeded} with the stored outputs. */
    Optional<Job> succeed(Job running, List<JobImage> outputs, Instant now);

    /**
     * The running attempt failed with {@code error}: {@code running → queued} until {@code retryAt}
     * (its message is published again then) when present, else {@code running → failed}.
     */
    Optional<Job> failAttempt(Job running, JobError error, Instant now, Optional<Instant> retryAt);

    /**
     * Like {@link #failAttempt}, for a job whose worker stopped renewing its lease: only while the
     * lease is still expired at {@code now}, so a worker that renewed it in the meantime keeps the job.
     */
    Optional<Job> loseLease(Job running, JobError error, Instant now, Optional<Instant> retryAt);

    /**
     * {@code running → queued} at once, keeping the attempt's error, for a worker that stops before
     * the job ends: the job's message stays in the queue, which delivers it again.
     */
    Optional<Job> requeue(Job running, JobError error, Instant now);

    /** {@code queued → cancelled} or {@code running → cancelled}. */
    Optional<Job> cancel(Job job, Instant now);

    /** {@code queued → expired}, only while its deadline has passed at {@code now}. */
    Optional<Job> expire(Job queued, Instant now);

    /** {@code queued → failed} with {@code error}, for a job whose message the queue gave up on. */
    Optional<Job> deadLetter(Job queued, JobError error, Instant now);

    /** Running jobs whose lease ran out before {@code now}, the longest expired first. */
    List<Job> findExpiredLeases(Instant now, int limit);

    /** Queued jobs whose deadline passed at {@code now}, the earliest deadline first. */
    List<Job> findOverdue(Instant now, int limit);
}
