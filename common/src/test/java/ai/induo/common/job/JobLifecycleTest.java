package ai.induo.common.job;

import static ai.induo.common.job.JobFixtures.WORKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.induo.common.queue.JobMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decisions of the lifecycle: which transition, whether and when to retry, and what is announced. */
class JobLifecycleTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(45);
    private static final Duration INITIAL_DELAY = Duration.ofSeconds(5);
    private static final Duration MAX_DELAY = Duration.ofMinutes(5);

    private final InMemoryJobStore store = new InMemoryJobStore();
    private final RecordingEventBus events = new RecordingEventBus();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    /** No jitter, so each backoff is exactly {@code 5 s × 2^(attempt−1)}. */
    private final RetryPolicy retryPolicy = new RetryPolicy(INITIAL_DELAY, MAX_DELAY, 0, clock, () -> 0);
    private final JobLifecycle lifecycle = new JobLifecycle(store, events, retryPolicy,
            new JobLifecycle.Settings(JobFixtures.MAX_ATTEMPTS, LEASE), clock);

    @Test
    void aSubmittedJobIsQueuedWithTheConfiguredAttemptsAndAnnounced() {
        Job draft = JobFixtures.aQueuedJob(NOW.minusSeconds(9)).toBuilder().maxAttempts(0).dispatched(true).build();

        Job job = lifecycle.submit(draft, Optional.of(Duration.ofMinutes(10)));

        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(job.maxAttempts()).isEqualTo(JobFixtures.MAX_ATTEMPTS);
        assertThat(job.attempt()).isZero();
        assertThat(job.dispatched()).isFalse();
        assertThat(job.createdAt()).isEqualTo(NOW);
        assertThat(job.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(store.find(job.id())).contains(job);
        assertThat(events.statusesOf(job.id())).containsExactly(JobStatus.QUEUED);
    }

    @Test
    void everyClaimIsAnnouncedAsRunningUnderTheConfiguredLease() {
        Job queued = stored(JobFixtures.aQueuedJob(NOW));

        Job running = lifecycle.claim(queued.id(), WORKER).orElseThrow();

        assertThat(running.leaseExpiresAt()).isEqualTo(NOW.plus(LEASE));
        assertThat(events.statusesOf(queued.id())).containsExactly(JobStatus.RUNNING);
        assertThat(lifecycle.claim(queued.id(), "another-worker")).isEmpty();
        assertThat(events.statusesOf(queued.id())).containsExactly(JobStatus.RUNNING);
    }

    @Test
    void aTransientFaultWithAttemptsLeftGoesBackToTheQueueAfterTheBackoff() {
        Job second = stored(JobFixtures.aRunningJob(NOW).toBuilder().attempt(2).build());

        Job queued = lifecycle.failAttempt(second, JobFailure.transientFault(JobErrorCode.STORAGE_ERROR, "storage failed"))
                .orElseThrow();

        assertThat(queued.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(queued.dispatchAfter()).isEqualTo(NOW.plus(INITIAL_DELAY.multipliedBy(2)));
        assertThat(queued.lastError()).contains(new JobError(2, JobErrorCode.STORAGE_ERROR, "storage failed", NOW));
        assertThat(events.statusesOf(second.id())).containsExactly(JobStatus.QUEUED);
    }

    @Test
    void badInputFailsAtOnceWhateverTheAttemptsLeft() {
        Job running = stored(JobFixtures.aRunningJob(NOW));

        Job failed = lifecycle.failAttempt(running, JobFailure.permanent(JobErrorCode.INVALID_INPUT, "cannot decode"))
                .orElseThrow();

        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.dispatchAfter()).isNull();
        assertThat(events.statusesOf(running.id())).containsExactly(JobStatus.FAILED);
    }

    @Test
    void aTransientFaultOnTheLastAttemptFailsTheJob() {
        Job last = stored(JobFixtures.aRunningJobOnItsLastAttempt(NOW));

        Job failed = lifecycle.failAttempt(last, JobFailure.transientFault(JobErrorCode.MODEL_ERROR, "model failed"))
                .orElseThrow();

        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.lastError().orElseThrow().code()).isEqualTo(JobErrorCode.MODEL_ERROR);
    }

    @Test
    void aJobWhoseWorkerDiedIsRetriedWithTheSameBackoffAsAFailedAttempt() {
        Job expired = stored(JobFixtures.aRunningJobWithExpiredLease(NOW));
        Job lastAttempt = stored(JobFixtures.aRunningJobWithExpiredLease(NOW).toBuilder().attempt(JobFixtures.MAX_ATTEMPTS).build());
        Job alive = stored(JobFixtures.aRunningJob(NOW));

        int reaped = lifecycle.reapExpiredLeases(100);

        assertThat(reaped).isEqualTo(2);
        Job requeued = store.find(expired.id()).orElseThrow();
        assertThat(requeued.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(requeued.dispatched()).isFalse();
        assertThat(requeued.dispatchAfter()).isEqualTo(NOW.plus(INITIAL_DELAY));
        assertThat(requeued.lastError().orElseThrow().code()).isEqualTo(JobErrorCode.WORKER_LOST);
        Job failed = store.find(lastAttempt.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.lastError().orElseThrow().code()).isEqualTo(JobErrorCode.WORKER_LOST);
        assertThat(store.find(alive.id())).contains(alive);
        assertThat(events.statusesOf(expired.id())).containsExactly(JobStatus.QUEUED);
        assertThat(events.statusesOf(lastAttempt.id())).containsExactly(JobStatus.FAILED);
    }

    @Test
    void aJobGivenBackAtShutdownIsQueuedAgainAtOnce() {
        Job running = stored(JobFixtures.aRunningJob(NOW));

        Job queued = lifecycle.giveBack(running).orElseThrow();

        assertThat(queued.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(queued.dispatched()).isTrue();
        assertThat(queued.dispatchAfter()).isNull();
        assertThat(events.statusesOf(running.id())).containsExactly(JobStatus.QUEUED);
    }

    @Test
    void cancellingFollowsTheJobThroughARaceAndRefusesAnEndedOne() {
        Job queued = stored(JobFixtures.aQueuedJob(NOW));
        Job succeeded = stored(JobFixtures.aSucceededJob(NOW));

        Job cancelled = lifecycle.cancel(queued.accountId(), queued.id()).orElseThrow();

        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(events.statusesOf(queued.id())).containsExactly(JobStatus.CANCELLED);
        assertThat(lifecycle.cancel("acct_another", succeeded.id())).isEmpty();
        assertThatThrownBy(() -> lifecycle.cancel(succeeded.accountId(), succeeded.id()))
                .isInstanceOf(JobNotCancellableException.class);
    }

    @Test
    void overdueJobsExpireAndAreAnnounced() {
        Job overdue = stored(JobFixtures.aJobPastItsDeadline(NOW));
        Job another = stored(JobFixtures.aJobPastItsDeadline(NOW));
        Job inTime = stored(JobFixtures.aQueuedJob(NOW).toBuilder().expiresAt(NOW.plusSeconds(5)).build());

        assertThat(lifecycle.expireOverdue(100)).isEqualTo(2);
        assertThat(lifecycle.expireIfOverdue(inTime.id())).isEmpty();

        assertThat(events.statusesOf(overdue.id())).containsExactly(JobStatus.EXPIRED);
        assertThat(events.statusesOf(another.id())).containsExactly(JobStatus.EXPIRED);
        assertThat(store.find(inTime.id()).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void aDeadLetterFailsOnlyTheJobStillWaitingForThatMessage() {
        Job waiting = stored(JobFixtures.aQueuedJob(NOW));
        Job backingOff = stored(JobFixtures.aQueuedJob(NOW).toBuilder().dispatched(false).attempt(1).build());
        Job running = stored(JobFixtures.aRunningJob(NOW));

        Job failed = lifecycle.deadLetter(message(waiting, 1)).orElseThrow();

        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.lastError().orElseThrow().code()).isEqualTo(JobErrorCode.UNDELIVERABLE);
        assertThat(events.statusesOf(waiting.id())).containsExactly(JobStatus.FAILED);
        assertThat(lifecycle.deadLetter(message(backingOff, 1))).isEmpty();
        assertThat(lifecycle.deadLetter(message(running, 1))).isEmpty();
        assertThat(lifecycle.deadLetter(message(stored(JobFixtures.aQueuedJob(NOW)), 2))).isEmpty();
        assertThat(events.statusesOf(running.id())).isEmpty();
    }

    @Test
    void aWholeRunIsAnnouncedStepByStep() {
        Job job = lifecycle.submit(JobFixtures.aQueuedJob(NOW), Optional.empty());
        Job first = lifecycle.claim(job.id(), WORKER).orElseThrow();
        lifecycle.failAttempt(first, JobFailure.transientFault(JobErrorCode.STORAGE_ERROR, "storage failed")).orElseThrow();
        Job later = new JobLifecycle(store, events, retryPolicy, new JobLifecycle.Settings(JobFixtures.MAX_ATTEMPTS, LEASE),
                Clock.fixed(NOW.plus(INITIAL_DELAY), ZoneOffset.UTC)).claim(job.id(), WORKER).orElseThrow();
        lifecycle.succeed(later, List.of()).orElseThrow();

        assertThat(events.statusesOf(job.id())).containsExactly(
                JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.SUCCEEDED);
        assertThat(store.find(job.id()).orElseThrow().transitions()).hasSize(4);
    }

    private Job stored(Job job) {
        store.insert(job);
        return job;
    }

    private static JobMessage message(Job job, int attempt) {
        return JobMessage.of(job.id(), job.accountId(), job.model(), attempt, NOW.truncatedTo(ChronoUnit.SECONDS));
    }
}
