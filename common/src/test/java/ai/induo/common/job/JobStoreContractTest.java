package ai.induo.common.job;

import static ai.induo.common.job.JobFixtures.LEASE;
import static ai.induo.common.job.JobFixtures.WORKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobStore} adapter promises: each change is conditional on the job as it was
 * read, follows the allow-list, and records what it changed. An adapter's test extends this class
 * and supplies a store on a real (or faithfully emulated) database.
 */
public abstract class JobStoreContractTest {

    /** Times stored and read back keep millisecond precision, as BSON dates do. */
    protected static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    /** The store under test; jobs of other tests may be in it, so each test uses jobs of its own. */
    protected abstract JobStore store();

    @Test
    void insertedJobReadsBackWithEveryField() {
        Job job = JobFixtures.aQueuedJob(NOW).toBuilder()
                .metadata(Map.of("campaign", "summer", "user", "u-42"))
                .webhookUrl("https://hooks.example.com/induo")
                .idempotencyKey("order-4711 retry")
                .requestDigest("9f2c")
                .expiresAt(NOW.plusSeconds(600))
                .build();
        Job failed = JobFixtures.aFailedJob(NOW);
        Job succeeded = JobFixtures.aSucceededJob(NOW).toBuilder().inputsDeletedAt(NOW).build();

        List.of(job, failed, succeeded).forEach(store()::insert);

        assertThat(store().find(job.id())).contains(job);
        assertThat(store().find(failed.id())).contains(failed);
        assertThat(store().find(succeeded.id())).contains(succeeded);
    }

    @Test
    void anotherAccountsJobIsAbsent() {
        Job job = inserted(JobFixtures.aQueuedJob(NOW));

        assertThat(store().findForAccount(job.id(), job.accountId())).contains(job);
        assertThat(store().findForAccount(job.id(), "acct_someone_else")).isEmpty();
        assertThat(store().find("job_unknown")).isEmpty();
    }

    @Test
    void anIdempotencyKeyIsBoundToOneJobOfItsAccount() {
        Job first = inserted(JobFixtures.aQueuedJob(NOW).toBuilder().idempotencyKey("key-1").build());
        Job again = JobFixtures.aQueuedJob(first.accountId(), NOW).toBuilder().idempotencyKey("key-1").build();
        Job otherAccount = JobFixtures.aQueuedJob(NOW).toBuilder().idempotencyKey("key-1").build();

        assertThatThrownBy(() -> store().insert(again)).isInstanceOf(DuplicateIdempotencyKeyException.class);
        store().insert(otherAccount);

        assertThat(store().find(again.id())).isEmpty();
        assertThat(store().findByIdempotencyKey(first.accountId(), "key-1")).contains(first);
        assertThat(store().findByIdempotencyKey(otherAccount.accountId(), "key-1")).contains(otherAccount);
        assertThat(store().findByIdempotencyKey(first.accountId(), "key-2")).isEmpty();
    }

    @Test
    void jobsWithoutAnIdempotencyKeyNeverCollide() {
        Job first = inserted(JobFixtures.aQueuedJob(NOW));
        Job second = inserted(JobFixtures.aQueuedJob(first.accountId(), NOW));

        assertThat(store().find(first.id())).contains(first);
        assertThat(store().find(second.id())).contains(second);
    }

    @Test
    void claimStartsTheNextAttemptUnderALease() {
        Job job = inserted(JobFixtures.aQueuedJob(NOW));

        Job running = store().claim(job.id(), WORKER, NOW, LEASE).orElseThrow();

        assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(running.attempt()).isEqualTo(1);
        assertThat(running.version()).isEqualTo(job.version() + 1);
        assertThat(running.startedAt()).isEqualTo(NOW);
        assertThat(running.leaseOwner()).isEqualTo(WORKER);
        assertThat(running.leaseExpiresAt()).isEqualTo(NOW.plus(LEASE));
        assertThat(running.dispatched()).isTrue();
        assertThat(running.transitions()).containsExactly(new JobTransition(JobStatus.QUEUED, JobStatus.RUNNING, NOW));
        assertThat(store().find(job.id())).contains(running);
    }

    @Test
    void onlyOneOfManyConcurrentClaimsWins() throws Exception {
        Job job = inserted(JobFixtures.aQueuedJob(NOW));
        int claimants = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(claimants);
        try {
            List<Future<Optional<Job>>> claims = IntStream.range(0, claimants)
                    .mapToObj(i -> threads.submit((Callable<Optional<Job>>) () -> {
                        start.await();
                        return store().claim(job.id(), "worker-" + i, NOW, LEASE);
                    }))
                    .toList();
            start.countDown();
            long won = 0;
            for (Future<Optional<Job>> claim : claims) {
                won += claim.get().isPresent() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
        assertThat(store().find(job.id()).orElseThrow().attempt()).isEqualTo(1);
    }

    @Test
    void claimRefusesAJobThatIsNotQueuedOrPastItsDeadline() {
        Job overdue = inserted(JobFixtures.aJobPastItsDeadline(NOW));
        Job running = inserted(JobFixtures.aRunningJob(NOW));
        Job succeeded = inserted(JobFixtures.aSucceededJob(NOW));

        assertThat(store().claim(overdue.id(), WORKER, NOW, LEASE)).isEmpty();
        assertThat(store().claim(running.id(), "another-worker", NOW, LEASE)).isEmpty();
        assertThat(store().claim(succeeded.id(), WORKER, NOW, LEASE)).isEmpty();
        assertThat(store().claim("job_unknown", WORKER, NOW, LEASE)).isEmpty();
        assertThat(store().find(running.id())).contains(running);
    }

    @Test
    void aFailedAttemptWithARetryWaitsForItsBackoffUnpublished() {
        Job running = inserted(JobFixtures.aRunningJob(NOW));
        Instant retryAt = NOW.plusSeconds(30);
        JobError error = new JobError(1, JobErrorCode.STORAGE_ERROR, "storage failed", NOW);

        Job queued = store().failAttempt(running, error, NOW, Optional.of(retryAt)).orElseThrow();

        assertThat(queued.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(queued.errors()).containsExactly(error);
        assertThat(queued.dispatched()).isFalse();
        assertThat(queued.dispatchAfter()).isEqualTo(retryAt);
        assertThat(queued.leaseOwner()).isNull();
        assertThat(queued.leaseExpiresAt()).isNull();
        assertThat(queued.finishedAt()).isNull();
        assertThat(store().claim(running.id(), WORKER, retryAt.minusMillis(1), LEASE)).isEmpty();
        assertThat(store().claim(running.id(), WORKER, retryAt, LEASE).orElseThrow().attempt()).isEqualTo(2);
    }

    @Test
    void aFailedAttemptWithoutARetryEndsTheJob() {
        Job running = inserted(JobFixtures.aRunningJob(NOW));
        JobError error = new JobError(1, JobErrorCode.INVALID_INPUT, "cannot decode", NOW);

        Job failed = store().failAttempt(running, error, NOW, Optional.empty()).orElseThrow();

        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.lastError()).contains(error);
        assertThat(failed.finishedAt()).isEqualTo(NOW);
        assertThat(failed.leaseOwner()).isNull();
    }

    @Test
    void succeedingKeepsTheOutputsAndEndsTheJob() {
        Job running = inserted(JobFixtures.aRunningJob(NOW));
        List<JobImage> outputs = List.of(new JobImage(JobImage.Role.OUTPUT,
                JobImages.outputKey(running.accountId(), running.id(), 0), JobImages.OUTPUT_CONTENT_TYPE, 64, 96, 1234));

        Job succeeded = store().succeed(running, outputs, NOW.plusSeconds(3)).orElseThrow();

        assertThat(succeeded.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(succeeded.outputs()).isEqualTo(outputs);
        assertThat(succeeded.finishedAt()).isEqualTo(NOW.plusSeconds(3));
        assertThat(succeeded.transitions()).last()
                .isEqualTo(new JobTransition(JobStatus.RUNNING, JobStatus.SUCCEEDED, NOW.plusSeconds(3)));
        assertThat(store().find(running.id())).contains(succeeded);
    }

    @Test
    void aChangeFromAStaleSnapshotChangesNothing() {
        Job running = inserted(JobFixtures.aRunningJob(NOW));
        Job cancelled = store().cancel(running, NOW).orElseThrow();

        assertThat(store().succeed(running, List.of(), NOW)).isEmpty();
        assertThat(store().failAttempt(running, new JobError(1, "x", "y", NOW), NOW, Optional.empty())).isEmpty();
        assertThat(store().find(running.id())).contains(cancelled);
    }

    @Test
    void anAttemptTakenOverByAnotherWorkerCannotEndTheJob() {
        Job first = inserted(JobFixtures.aRunningJobWithExpiredLease(NOW));
        Job requeued = store().loseLease(first, new JobError(1, JobErrorCode.WORKER_LOST, "lost", NOW), NOW,
                Optional.of(NOW)).orElseThrow();
        Job second = store().claim(requeued.id(), "second-worker", NOW, LEASE).orElseThrow();

        assertThat(store().extendLease(first.id(), WORKER, NOW.plus(LEASE))).isFalse();
        assertThat(store().succeed(first, List.of(), NOW)).isEmpty();
        assertThat(store().extendLease(second.id(), "second-worker", NOW.plus(LEASE.multipliedBy(2)))).isTrue();
        assertThat(store().find(first.id()).orElseThrow().leaseExpiresAt()).isEqualTo(NOW.plus(LEASE.multipliedBy(2)));
    }

    @Test
    void aLeaseRenewedInTimeIsNotLost() {
        Job expired = inserted(JobFixtures.aRunningJobWithExpiredLease(NOW));
        assertThat(store().extendLease(expired.id(), WORKER, NOW.plus(LEASE))).isTrue();

        JobError error = new JobError(1, JobErrorCode.WORKER_LOST, "lost", NOW);
        assertThat(store().loseLease(expired, error, NOW, Optional.of(NOW))).isEmpty();
        assertThat(store().find(expired.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void aLostLeaseOnTheLastAttemptFailsTheJob() {
        Job expired = inserted(JobFixtures.aRunningJobWithExpiredLease(NOW));
        JobError error = new JobError(1, JobErrorCode.WORKER_LOST, "lost", NOW);

        Job failed = store().loseLease(expired, error, NOW, Optional.empty()).orElseThrow();

        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.lastError()).contains(error);
    }

    @Test
    void aJobGivenBackStaysPublishedForItsNextDelivery() {
        Job running = inserted(JobFixtures.aRunningJob(NOW));
        JobError error = new JobError(1, JobErrorCode.INTERNAL_ERROR, "stopped", NOW);

        Job queued = store().requeue(running, error, NOW).orElseThrow();

        assertThat(queued.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(queued.dispatched()).isTrue();
        assertThat(queued.dispatchAfter()).isNull();
        assertThat(queued.errors()).containsExactly(error);
        assertThat(store().claim(running.id(), "next-worker", NOW, LEASE)).isPresent();
    }

    @Test
    void queuedAndRunningJobsCanBeCancelledEndedOnesCannot() {
        Job queued = inserted(JobFixtures.aQueuedJob(NOW));
        Job running = inserted(JobFixtures.aRunningJob(NOW));
        Job succeeded = inserted(JobFixtures.aSucceededJob(NOW));

        assertThat(store().cancel(queued, NOW).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
        Job cancelled = store().cancel(running, NOW).orElseThrow();
        assertThat(cancelled.leaseOwner()).isNull();
        assertThat(cancelled.finishedAt()).isEqualTo(NOW);
        assertThat(store().extendLease(running.id(), WORKER, NOW.plus(LEASE))).isFalse();
        assertThatThrownBy(() -> store().cancel(succeeded, NOW)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void onlyAJobPastItsDeadlineExpires() {
        Job overdue = inserted(JobFixtures.aJobPastItsDeadline(NOW));
        Job withTimeLeft = inserted(JobFixtures.aQueuedJob(NOW).toBuilder().expiresAt(NOW.plusSeconds(60)).build());
        Job withoutDeadline = inserted(JobFixtures.aQueuedJob(NOW));

        assertThat(store().expire(overdue, NOW).orElseThrow().status()).isEqualTo(JobStatus.EXPIRED);
        assertThat(store().expire(withTimeLeft, NOW)).isEmpty();
        assertThat(store().expire(withoutDeadline, NOW)).isEmpty();
        assertThat(store().find(withTimeLeft.id()).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void aDeadLetteredJobFailsWithItsError() {
        Job queued = inserted(JobFixtures.aQueuedJob(NOW));
        JobError error = new JobError(1, JobErrorCode.UNDELIVERABLE, "gave up", NOW);

        Job failed = store().deadLetter(queued, error, NOW).orElseThrow();

        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.errors()).containsExactly(error);
        assertThat(store().deadLetter(queued, error, NOW)).isEmpty();
    }

    @Test
    void changesOffTheAllowListAreRefused() {
        Job queued = inserted(JobFixtures.aQueuedJob(NOW));
        Job failed = inserted(JobFixtures.aFailedJob(NOW));

        assertThatThrownBy(() -> store().succeed(queued, List.of(), NOW)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> store().requeue(failed, new JobError(1, "x", "y", NOW), NOW))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(store().find(queued.id())).contains(queued);
    }

    @Test
    void expiredLeasesAndOverdueJobsAreFoundOldestFirst() {
        Instant farFuture = NOW.plus(Duration.ofDays(3650));
        Job older = inserted(JobFixtures.aRunningJobWithExpiredLease(farFuture.minusSeconds(30)));
        Job newer = inserted(JobFixtures.aRunningJobWithExpiredLease(farFuture));
        Job live = inserted(JobFixtures.aRunningJob(farFuture));
        Job overdueEarlier = inserted(JobFixtures.aJobPastItsDeadline(farFuture.minusSeconds(30)));
        Job overdueLater = inserted(JobFixtures.aJobPastItsDeadline(farFuture));

        List<String> expired = store().findExpiredLeases(farFuture, 1000).stream().map(Job::id).toList();
        List<String> overdue = store().findOverdue(farFuture, 1000).stream().map(Job::id).toList();

        assertThat(expired).containsSubsequence(older.id(), newer.id()).doesNotContain(live.id());
        assertThat(overdue).containsSubsequence(overdueEarlier.id(), overdueLater.id());
        assertThat(store().findExpiredLeases(farFuture, 1)).hasSize(1);
    }

    private Job inserted(Job job) {
        store().insert(job);
        return job;
    }
}
