package ai.induo.common.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A {@link JobStore} in memory, for plain tests of what runs on the port; it passes the same
 * {@link JobStoreContractTest} as the MongoDB adapter. Thread-safe: every change holds the store's lock.
 */
public final class InMemoryJobStore implements JobStore {

    private final Map<String, Job> jobs = new LinkedHashMap<>();

    @Override
    public synchronized void insert(Job job) {
        if (job.idempotencyKey() != null && findByIdempotencyKey(job.accountId(), job.idempotencyKey()).isPresent()) {
            throw new DuplicateIdempotencyKeyException(job, null);
        }
        if (jobs.putIfAbsent(job.id(), job) != null) {
            throw new IllegalStateException("job " + job.id() + " exists");
        }
    }

    @Override
    public synchronized Optional<Job> findByIdempotencyKey(String accountId, String idempotencyKey) {
        return jobs.values().stream()
                .filter(job -> job.accountId().equals(accountId) && idempotencyKey.equals(job.idempotencyKey()))
                .findFirst();
    }

    @Override
    public synchronized Optional<Job> find(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    @Override
    public synchronized Optional<Job> findForAccount(String jobId, String accountId) {
        return find(jobId).filter(job -> job.accountId().equals(accountId));
    }

    @Override
    public synchronized Optional<Job> claim(String jobId, String owner, Instant now, Duration lease) {
        return find(jobId)
                .filter(job -> job.status() == JobStatus.QUEUED)
                .filter(job -> job.expiresAt() == null || job.expiresAt().isAfter(now))
                .filter(job -> job.dispatchAfter() == null || !job.dispatchAfter().isAfter(now))
                .flatMap(job -> change(job, JobStatus.RUNNING, now, builder -> builder
                        .attempt(job.attempt() + 1)
                        .startedAt(now)
                        .dispatched(true)
                        .leaseOwner(owner)
                        .leaseExpiresAt(now.plus(lease))));
    }

    @Override
    public synchronized boolean extendLease(String jobId, String owner, Instant until) {
        Optional<Job> running = find(jobId).filter(job -> job.status() == JobStatus.RUNNING && owner.equals(job.leaseOwner()));
        running.ifPresent(job -> jobs.put(jobId, job.toBuilder().leaseExpiresAt(until).build()));
        return running.isPresent();
    }

    @Override
    public synchronized Optional<Job> succeed(Job running, List<JobImage> outputs, Instant now) {
        return change(running, JobStatus.SUCCEEDED, now, builder -> builder.outputs(outputs));
    }

    @Override
    public synchronized Optional<Job> failAttempt(Job running, JobError error, Instant now, Optional<Instant> retryAt) {
        return retry(running, error, now, retryAt);
    }

    @Override
    public synchronized Optional<Job> loseLease(Job running, JobError error, Instant now, Optional<Instant> retryAt) {
        Job current = jobs.get(running.id());
        if (current == null || current.leaseExpiresAt() == null || !current.leaseExpiresAt().isBefore(now)) {
            return Optional.empty();
        }
        return retry(running, error, now, retryAt);
    }

    @Override
    public synchronized Optional<Job> requeue(Job running, JobError error, Instant now) {
        return change(running, JobStatus.QUEUED, now, builder -> builder.errors(appended(running.errors(), error)));
    }

    @Override
    public synchronized Optional<Job> cancel(Job job, Instant now) {
        return change(job, JobStatus.CANCELLED, now, UnaryOperator.identity());
    }

    @Override
    public synchronized Optional<Job> expire(Job queued, Instant now) {
        if (queued.expiresAt() == null || queued.expiresAt().isAfter(now)) {
            return Optional.empty();
        }
        return change(queued, JobStatus.EXPIRED, now, UnaryOperator.identity());
    }

    @Override
    public synchronized Optional<Job> deadLetter(Job queued, JobError error, Instant now) {
        return change(queued, JobStatus.FAILED, now, builder -> builder.errors(appended(queued.errors(), error)));
    }

    @Override
    public synchronized List<Job> findExpiredLeases(Instant now, int limit) {
        return select(job -> job.status() == JobStatus.RUNNING && job.leaseExpiresAt().isBefore(now),
                Comparator.comparing(Job::leaseExpiresAt), limit);
    }

    @Override
    public synchronized List<Job> findOverdue(Instant now, int limit) {
        return select(job -> job.status() == JobStatus.QUEUED && job.expiresAt() != null && !job.expiresAt().isAfter(now),
                Comparator.comparing(Job::expiresAt), limit);
    }

    private Optional<Job> retry(Job running, JobError error, Instant now, Optional<Instant> retryAt) {
        JobStatus to = retryAt.isPresent() ? JobStatus.QUEUED : JobStatus.FAILED;
        return change(running, to, now, builder -> {
            builder.errors(appended(running.errors(), error));
            retryAt.ifPresent(at -> builder.dispatched(false).dispatchAfter(at));
            return builder;
        });
    }

    /** The conditional update: only on the job as the caller read it (and its lease owner while running). */
    private Optional<Job> change(Job read, JobStatus to, Instant now, UnaryOperator<Job.Builder> changes) {
        read.status().checkTransitionTo(to);
        Job current = jobs.get(read.id());
        if (current == null || current.status() != read.status() || current.version() != read.version()
                || (read.status() == JobStatus.RUNNING && !current.leaseOwner().equals(read.leaseOwner()))) {
            return Optional.empty();
        }
        List<JobTransition> transitions = new ArrayList<>(current.transitions());
        transitions.add(new JobTransition(current.status(), to, now));
        Job.Builder builder = current.toBuilder().status(to).version(current.version() + 1).transitions(transitions);
        if (current.status() == JobStatus.RUNNING) {
            builder.leaseOwner(null).leaseExpiresAt(null);
        }
        if (to.isTerminal()) {
            builder.finishedAt(now);
        }
        Job changed = changes.apply(builder).build();
        jobs.put(changed.id(), changed);
        return Optional.of(changed);
    }

    private List<Job> select(Predicate<Job> filter, Comparator<Job> order, int limit) {
        return jobs.values().stream().filter(filter).sorted(order).limit(limit).toList();
    }

    private static List<JobError> appended(List<JobError> errors, JobError error) {
        List<JobError> all = new ArrayList<>(errors);
        all.add(error);
        return all;
    }
}
