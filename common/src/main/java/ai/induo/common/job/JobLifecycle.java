package ai.induo.common.job;

import ai.induo.common.queue.JobEvent;
import ai.induo.common.queue.JobEventBus;
import ai.induo.common.queue.JobMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The one place that decides how a job's status changes: which transition, whether a failed attempt
 * is retried and after which backoff ({@link RetryPolicy}, {@link Settings#maxAttempts}), and which
 * event announces it. Every transition is written through {@link JobStore} and, once written,
 * published on the {@link JobEventBus} as {@code job.<status>}: {@code job.queued} on submission and
 * on every requeue, {@code job.running} on every claim, and the terminal ones. The gateway's
 * sweepers, its dead-letter handling and cancel, and the worker's processing only call it.
 *
 * <p>A method that answers empty changed nothing: the job was not in a state the change applies to,
 * or another process changed it first.
 */
public final class JobLifecycle {

    private static final Logger LOG = Logger.getLogger(JobLifecycle.class);

    private final JobStore store;
    private final JobEventBus events;
    private final RetryPolicy retryPolicy;
    private final Settings settings;
    private final Clock clock;

    /**
     * @param maxAttempts attempts a new job gets; after the last, a transient fault fails it
     * @param lease how long a claimed job stays with its worker without a heartbeat
     */
    public record Settings(int maxAttempts, Duration lease) {

        public Settings {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
            }
            Objects.requireNonNull(lease, "lease");
            if (lease.isNegative() || lease.isZero()) {
                throw new IllegalArgumentException("lease must be positive, got " + lease);
            }
        }
    }

    public JobLifecycle(JobStore store, JobEventBus events, RetryPolicy retryPolicy, Settings settings, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.events = Objects.requireNonNull(events, "events");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** How long a claimed job stays with its worker without a heartbeat. */
    public Duration lease() {
        return settings.lease();
    }

    /**
     * Stores a new job, {@code queued} at its first attempt, and announces it. The draft gives what
     * the submission decided (ids, model, region, images, metadata, webhook); the lifecycle sets the
     * rest. With {@code expiresIn}, a job not started that long after now expires instead of running.
     *
     * @throws DuplicateIdempotencyKeyException when the draft's idempotency key is already bound to
     *     another job of the account; nothing is stored or announced then
     */
    public Job submit(Job draft, Optional<Duration> expiresIn) {
        Instant now = clock.instant();
        Job job = draft.toBuilder()
                .status(JobStatus.QUEUED)
                .version(0)
                .attempt(0)
                .maxAttempts(settings.maxAttempts())
                .createdAt(now)
                .expiresAt(expiresIn.map(now::plus).orElse(null))
                .dispatched(false)
                .errors(List.of())
                .transitions(List.of())
                .outputs(List.of())
                .build();
        store.insert(job);
        announce(job, now);
        return job;
    }

    /** Claims the queued job for {@code owner} for one lease: {@code queued → running}. */
    public Optional<Job> claim(String jobId, String owner) {
        Instant now = clock.instant();
        return announced(store.claim(jobId, owner, now, settings.lease()), now);
    }

    /** Extends the lease of a job its worker still runs; false when the job is no longer the worker's. */
    public boolean extendLease(Job running) {
        return store.extendLease(running.id(), running.leaseOwner(), clock.instant().plus(settings.lease()));
    }

    /** {@code running → succeeded} with the outputs the attempt stored. */
    public Optional<Job> succeed(Job running, List<JobImage> outputs) {
        Instant now = clock.instant();
        return announced(store.succeed(running, outputs, now), now);
    }

    /**
     * The running attempt failed: a transient fault with attempts left sends the job back to the
     * queue after the retry backoff ({@code queued}); bad input, or a fault on the last attempt,
     * fails it ({@code failed}).
     */
    public Optional<Job> failAttempt(Job running, JobFailure failure) {
        Instant now = clock.instant();
        JobError error = new JobError(running.attempt(), failure.code(), failure.message(), now);
        Optional<Instant> retryAt = retryAt(running, failure.retryable());
        return announced(store.failAttempt(running, error, now, retryAt), now);
    }

    /**
     * Takes back every running job whose lease expired (its worker died or hung), at most
     * {@code limit}: each goes back to the queue after the retry backoff, or fails with
     * {@link JobErrorCode#WORKER_LOST} on its last attempt. Answers how many it took back.
     */
    public int reapExpiredLeases(int limit) {
        Instant now = clock.instant();
        int reaped = 0;
        for (Job job : store.findExpiredLeases(now, limit)) {
            JobError error = new JobError(job.attempt(), JobErrorCode.WORKER_LOST,
                    "The worker running attempt " + job.attempt() + " stopped renewing its lease", now);
            Optional<Job> changed = announced(store.loseLease(job, error, now, retryAt(job, true)), now);
            if (changed.isPresent()) {
                LOG.warnf("job %s lost its worker %s on attempt %d; it is %s now", job.id(), job.leaseOwner(),
                        job.attempt(), changed.get().status().wireName());
                reaped++;
            }
        }
        return reaped;
    }

    /**
     * Gives a running job back to the queue at once because its worker is stopping: the job's
     * message, which the worker leaves unsettled, brings it to another worker.
     */
    public Optional<Job> giveBack(Job running) {
        Instant now = clock.instant();
        JobError error = new JobError(running.attempt(), JobErrorCode.INTERNAL_ERROR,
                "The worker stopped before the job finished", now);
        return announced(store.requeue(running, error, now), now);
    }

    /**
     * Cancels the account's job: a queued one never runs, a running one's outcome is refused when its
     * worker reports it. When the job changes between reading and cancelling it (claimed, retried),
     * cancelling is tried again on the job as it is now; each lost race is a state change, and a job
     * makes only a bounded number of them. Empty when the account has no such job.
     *
     * @throws JobNotCancellableException when the job has already ended
     */
    public Optional<Job> cancel(String accountId, String jobId) {
        while (true) {
            Optional<Job> found = store.findForAccount(jobId, accountId);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Job job = found.get();
            if (job.status().isTerminal()) {
                throw new JobNotCancellableException(job);
            }
            Instant now = clock.instant();
            Optional<Job> cancelled = announced(store.cancel(job, now), now);
            if (cancelled.isPresent()) {
                return cancelled;
            }
        }
    }

    /** Expires queued jobs whose deadline passed, at most {@code limit}; answers how many. */
    public int expireOverdue(int limit) {
        Instant now = clock.instant();
        int expired = 0;
        for (Job job : store.findOverdue(now, limit)) {
            if (announced(store.expire(job, now), now).isPresent()) {
                expired++;
            }
        }
        return expired;
    }

    /** Expires the job if it is still queued past its deadline, as a worker finds when its claim is refused. */
    public Optional<Job> expireIfOverdue(String jobId) {
        Instant now = clock.instant();
        return store.find(jobId)
                .filter(job -> job.status() == JobStatus.QUEUED && job.expiresAt() != null && !job.expiresAt().isAfter(now))
                .flatMap(job -> announced(store.expire(job, now), now));
    }

    /**
     * The queue gave up delivering {@code message}: a job still waiting for exactly that message
     * (queued at the attempt before the message's: the message was published, whether or not the
     * job is marked dispatched yet) fails with {@link JobErrorCode#UNDELIVERABLE}. A message of an
     * older attempt, a job that is running (its lease covers it), in its retry backoff or already
     * ended is left as it is.
     */
    public Optional<Job> deadLetter(JobMessage message) {
        Optional<Job> waiting = store.find(message.jobId())
                .filter(job -> job.status() == JobStatus.QUEUED && message.attempt() == job.attempt() + 1);
        if (waiting.isEmpty()) {
            LOG.infof("dead letter for job %s (attempt %d) needs nothing: the job is not waiting for it",
                    message.jobId(), message.attempt());
            return Optional.empty();
        }
        Instant now = clock.instant();
        JobError error = new JobError(message.attempt(), JobErrorCode.UNDELIVERABLE,
                "The queue gave up delivering the job to a worker", now);
        return announced(store.deadLetter(waiting.get(), error, now), now);
    }

    /** When a failed attempt runs again: after the backoff, if it may and attempts are left. */
    private Optional<Instant> retryAt(Job job, boolean retryable) {
        return retryable && job.hasAttemptsLeft() ? Optional.of(retryPolicy.nextAttemptAt(job.attempt())) : Optional.empty();
    }

    private Optional<Job> announced(Optional<Job> changed, Instant now) {
        changed.ifPresent(job -> announce(job, now));
        return changed;
    }

    private void announce(Job job, Instant now) {
        events.publish(JobEvent.of(job.id(), job.accountId(), job.status(), now));
    }
}
