package ai.induo.common.job;

import ai.induo.common.id.Ids;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Jobs in each state a test needs, built as the gateway and the worker leave them. Each call makes
 * a job of its own (new job and account ids) that a test stores with {@link JobStore#insert} or
 * varies with {@link Job#toBuilder()}. Times are relative to the {@code now} given, or to the
 * system clock for the overloads without it, in whole milliseconds as a store keeps them, so a job
 * reads back equal to the one inserted.
 */
public final class JobFixtures {

    public static final String MODEL = "induo-demo-tryon";
    public static final String REGION = "local";
    public static final int MAX_ATTEMPTS = 3;
    public static final String WORKER = "test-worker";
    public static final Duration LEASE = Duration.ofMinutes(1);

    private JobFixtures() {
    }

    /** A queued job of a new account, published, at its first attempt, with a person and a product image. */
    public static Job aQueuedJob() {
        return aQueuedJob(Instant.now());
    }

    public static Job aQueuedJob(Instant now) {
        return aQueuedJob(Ids.newId(Ids.ACCOUNT, now), now);
    }

    /** A queued job of the account, published, at its first attempt, with a person and a product image. */
    public static Job aQueuedJob(String accountId, Instant at) {
        Instant now = at.truncatedTo(ChronoUnit.MILLIS);
        String jobId = Ids.newId(Ids.JOB, now);
        return Job.builder()
                .id(jobId)
                .accountId(accountId)
                .status(JobStatus.QUEUED)
                .model(MODEL)
                .region(REGION)
                .maxAttempts(MAX_ATTEMPTS)
                .inputs(List.of(
                        new JobImage(JobImage.Role.PERSON, JobImages.personKey(accountId, jobId), "image/png", 64, 96, 1_000),
                        new JobImage(JobImage.Role.PRODUCT, JobImages.productKey(accountId, jobId, 0), "image/png", 64, 64, 800)))
                .createdAt(now)
                .dispatched(true)
                .build();
    }

    /** A queued job whose deadline passed a minute before {@code now}. */
    public static Job aJobPastItsDeadline(Instant at) {
        Instant now = at.truncatedTo(ChronoUnit.MILLIS);
        return aQueuedJob(now.minus(Duration.ofMinutes(5))).toBuilder().expiresAt(now.minus(Duration.ofMinutes(1))).build();
    }

    /** A job {@link #WORKER} runs on its first attempt, leased for {@link #LEASE} from {@code now}. */
    public static Job aRunningJob(Instant at) {
        Instant now = at.truncatedTo(ChronoUnit.MILLIS);
        return running(aQueuedJob(now), now, now.plus(LEASE));
    }

    public static Job aRunningJob() {
        return aRunningJob(Instant.now());
    }

    /** A job whose worker stopped renewing: its lease ran out a second before {@code now}. */
    public static Job aRunningJobWithExpiredLease(Instant at) {
        Instant now = at.truncatedTo(ChronoUnit.MILLIS);
        Instant started = now.minus(LEASE).minusSeconds(1);
        return running(aQueuedJob(started), started, now.minusSeconds(1));
    }

    public static Job aRunningJobWithExpiredLease() {
        return aRunningJobWithExpiredLease(Instant.now());
    }

    /** A running job on its last attempt ({@link #MAX_ATTEMPTS}). */
    public static Job aRunningJobOnItsLastAttempt(Instant now) {
        return aRunningJob(now).toBuilder().attempt(MAX_ATTEMPTS).build();
    }

    /** A job that succeeded a moment before {@code now} with one output image. */
    public static Job aSucceededJob(Instant at) {
        Instant now = at.truncatedTo(ChronoUnit.MILLIS);
        Job running = aRunningJob(now.minusSeconds(2));
        Instant finished = now.minusSeconds(1);
        return ended(running, JobStatus.SUCCEEDED, finished).toBuilder()
                .outputs(List.of(new JobImage(JobImage.Role.OUTPUT, JobImages.outputKey(running.accountId(), running.id(), 0),
                        JobImages.OUTPUT_CONTENT_TYPE, 64, 96, 2_000)))
                .build();
    }

    /** A job whose only attempt failed on bad input a moment before {@code now}. */
    public static Job aFailedJob(Instant at) {
        Instant now = at.truncatedTo(ChronoUnit.MILLIS);
        Job running = aRunningJob(now.minusSeconds(2));
        Instant finished = now.minusSeconds(1);
        return ended(running, JobStatus.FAILED, finished).toBuilder()
                .errors(List.of(new JobError(1, JobErrorCode.INVALID_INPUT, "The person image cannot be decoded", finished)))
                .build();
    }

    private static Job running(Job queued, Instant started, Instant leaseExpiresAt) {
        return queued.toBuilder()
                .status(JobStatus.RUNNING)
                .version(queued.version() + 1)
                .attempt(queued.attempt() + 1)
                .startedAt(started)
                .leaseOwner(WORKER)
                .leaseExpiresAt(leaseExpiresAt)
                .transitions(List.of(new JobTransition(JobStatus.QUEUED, JobStatus.RUNNING, started)))
                .build();
    }

    private static Job ended(Job running, JobStatus status, Instant finished) {
        List<JobTransition> transitions = new ArrayList<>(running.transitions());
        transitions.add(new JobTransition(JobStatus.RUNNING, status, finished));
        return running.toBuilder()
                .status(status)
                .version(running.version() + 1)
                .finishedAt(finished)
                .leaseOwner(null)
                .leaseExpiresAt(null)
                .transitions(transitions)
                .build();
    }
}
