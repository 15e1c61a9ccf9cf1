package ai.induo.worker.job;

import ai.induo.common.job.Job;
import ai.induo.common.job.JobFailure;
import ai.induo.common.job.JobImage;
import ai.induo.common.job.JobLifecycle;
import ai.induo.common.job.JobStatus;
import ai.induo.common.job.JobStore;
import ai.induo.common.job.RetryPolicy;
import ai.induo.common.queue.Delivery;
import ai.induo.common.queue.JobMessage;
import ai.induo.common.queue.JobQueue;
import ai.induo.worker.config.WorkerIdentity;
import ai.induo.worker.batch.ModelBatcher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs one delivered job message to its outcome: claims the job through the {@link JobLifecycle},
 * keeps its lease alive, has {@link JobRunner} produce the output, records the outcome through the
 * lifecycle (which announces it), and only then acknowledges the message.
 *
 * <p>Processing is idempotent: a job that is not {@code queued} (running elsewhere, finished,
 * cancelled, unknown) is skipped and its message acknowledged, and the output key is fixed per job,
 * so a rare second run overwrites instead of adding an output. Whether a failed attempt is retried
 * is the lifecycle's decision. Nothing thrown here reaches the queue's consumer thread.
 */
@Singleton
public class JobProcessor {

    /** Counter of processed deliveries, tagged {@code outcome}. */
    public static final String JOBS_METER = "induo.worker.jobs";

    private static final Logger LOG = Logger.getLogger(JobProcessor.class);

    private final JobLifecycle lifecycle;
    private final JobStore jobs;
    private final JobRunner runner;
    private final LeaseKeeper leases;
    private final RunningJobs running;
    private final RetryPolicy retryPolicy;
    private final String workerId;
    /**
     * Longest a delivery is held before it is released when the job's state cannot be read or
     * written (database unreachable): two thirds of the queue's hold on it, so the wait does not
     * itself cost a delivery.
     */
    private final Duration maxHoldBeforeRelease;
    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);

    JobProcessor(JobLifecycle lifecycle, JobStore jobs, JobRunner runner, LeaseKeeper leases, RunningJobs running,
            RetryPolicy retryPolicy, JobQueue queue, WorkerIdentity identity, MeterRegistry registry) {
        this.lifecycle = lifecycle;
        this.jobs = jobs;
        this.runner = runner;
        this.leases = leases;
        this.running = running;
        this.retryPolicy = retryPolicy;
        this.workerId = identity.id();
        this.maxHoldBeforeRelease = queue.deliveryLease().multipliedBy(2).dividedBy(3);
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, Counter.builder(JOBS_METER)
                    .description("Job deliveries this worker finished handling, by outcome")
                    .tag("outcome", outcome.tag())
                    .register(registry));
        }
    }

    /**
     * Handles one delivery to the end: it is acknowledged once the outcome is saved, the job is back
     * in the queue with its retry backoff, or the job needs no work; it is released, after a pause,
     * when the job's state could not be read or written. Once shutdown stopped claiming, a delivery
     * is left unsettled for the closing subscription to release.
     */
    public void process(Delivery delivery, ModelBatcher model) {
        if (!running.enter()) {
            LOG.debugf("Not claiming job %s: the worker is stopping", delivery.message().jobId());
            return;
        }
        try {
            handle(delivery, model);
        } finally {
            running.exit();
        }
    }

    /**
     * Puts every job still running back in the queue for another worker, for shutdown; a job claimed
     * from now on goes straight back too. Their processing goes on until the process exits but
     * settles nothing: closing the subscription releases their messages, after the jobs are
     * {@code queued} again so that the next claim wins.
     *
     * @return how many jobs were running
     */
    public int giveBackRunning() {
        List<Job> toGiveBack = running.giveBackAll();
        toGiveBack.forEach(this::giveBack);
        return toGiveBack.size();
    }

    private void handle(Delivery delivery, ModelBatcher model) {
        JobMessage message = delivery.message();
        try {
            Optional<Job> claimed = lifecycle.claim(message.jobId(), workerId);
            if (claimed.isEmpty()) {
                settle(delivery, notClaimed(message));
                return;
            }
            Job job = claimed.get();
            Outcome outcome = null;
            boolean givenBack;
            try {
                if (running.register(job)) {
                    outcome = run(job, delivery, model);
                } else {
                    giveBack(job);
                }
            } finally {
                givenBack = running.unregister(job);
            }
            if (outcome != null && !givenBack) {
                settle(delivery, outcome);
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            Duration hold = min(retryPolicy.delayAfter(delivery.deliveryCount()), maxHoldBeforeRelease);
            LOG.errorf(e, "Cannot record the outcome of job %s; releasing its message to be delivered again in %s",
                    message.jobId(), hold);
            holdBeforeRelease(delivery, hold);
        }
    }

    /** Why a delivery's job could not be claimed: it expired just now, or it needs no work here. */
    private Outcome notClaimed(JobMessage message) {
        Optional<Job> expired = lifecycle.expireIfOverdue(message.jobId());
        if (expired.isPresent()) {
            LOG.infof("Job %s was not started before its deadline %s; it expired", message.jobId(), expired.get().expiresAt());
            return Outcome.EXPIRED;
        }
        LOG.infof("Skipping job %s: it is not queued (running elsewhere, finished, cancelled or unknown)", message.jobId());
        return Outcome.SKIPPED;
    }

    private Outcome run(Job job, Delivery delivery, ModelBatcher model) {
        LOG.debugf("Running job %s (attempt %d)", job.id(), job.attempt());
        LeaseKeeper.Heartbeat heartbeat = leases.keep(job, delivery);
        Optional<JobImage> output;
        try {
            output = runner.produceOutput(job, model, heartbeat::lost);
        } catch (Exception | OutOfMemoryError e) {
            heartbeat.stop();
            return heartbeat.lost() ? Outcome.LEASE_LOST : failAttempt(job, JobRunner.failureOf(e), e);
        }
        heartbeat.stop();
        if (output.isEmpty()) {
            return Outcome.LEASE_LOST;
        }
        if (heartbeat.lost()) {
            discardIfEnded(job, output.get());
            return Outcome.LEASE_LOST;
        }
        if (lifecycle.succeed(job, List.of(output.get())).isEmpty()) {
            LOG.infof("Job %s changed while it ran (cancelled or taken over); its output was not recorded", job.id());
            discardIfEnded(job, output.get());
            return Outcome.LEASE_LOST;
        }
        LOG.debugf("Job %s succeeded", job.id());
        return Outcome.SUCCEEDED;
    }

    private Outcome failAttempt(Job job, JobFailure failure, Throwable cause) {
        Optional<Job> after = lifecycle.failAttempt(job, failure);
        if (after.isEmpty()) {
            LOG.infof("Job %s changed while it ran (cancelled or taken over); its failure was not recorded", job.id());
            return Outcome.LEASE_LOST;
        }
        if (after.get().status() == JobStatus.QUEUED) {
            LOG.warnf(cause, "Job %s attempt %d of %d failed (%s); it goes back to the queue at %s", job.id(),
                    job.attempt(), job.maxAttempts(), failure.code(), after.get().dispatchAfter());
            return Outcome.REQUEUED;
        }
        if (failure.retryable()) {
            LOG.errorf(cause, "Job %s failed (%s) on its last attempt (%d of %d)", job.id(), failure.code(),
                    job.attempt(), job.maxAttempts());
        } else {
            LOG.infof("Job %s failed: %s (%s)", job.id(), failure.message(), failure.code());
        }
        return Outcome.FAILED;
    }

    /**
     * Deletes an output this attempt stored but could not record, when the job ended without it
     * (cancelled, expired, failed) or is gone. A job taken over by another attempt keeps the object:
     * the output key is the same on every attempt, so that attempt may have written or be writing it.
     */
    private void discardIfEnded(Job job, JobImage output) {
        Optional<JobStatus> current = jobs.find(job.id()).map(Job::status);
        if (current.isPresent() && (!current.get().isTerminal() || current.get() == JobStatus.SUCCEEDED)) {
            return;
        }
        try {
            runner.discard(output);
            LOG.infof("Deleted the output of job %s, which ended as %s while it ran", job.id(),
                    current.map(JobStatus::wireName).orElse("deleted"));
        } catch (IOException e) {
            LOG.errorf(e, "Cannot delete the unrecorded output %s of job %s", output.key(), job.id());
        }
    }

    /** Puts a running job back in the queue at shutdown; its delivery is left to the closing subscription. */
    private void giveBack(Job job) {
        try {
            if (lifecycle.giveBack(job).isPresent()) {
                outcomes.get(Outcome.REQUEUED).increment();
                LOG.warnf("Job %s was still running at shutdown; put it back in the queue", job.id());
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "Cannot put job %s back in the queue at shutdown; it stays leased to %s until %s",
                    job.id(), workerId, job.leaseExpiresAt());
        }
    }

    /**
     * Waits before releasing a delivery whose job state could not be read or written, so that an
     * outage of the database does not use up the message's deliveries in quick succession.
     */
    private static void holdBeforeRelease(Delivery delivery, Duration hold) {
        try {
            TimeUnit.NANOSECONDS.sleep(hold.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            delivery.release();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Cannot release the message of job %s; the queue delivers it again when its lock expires",
                    delivery.message().jobId());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void settle(Delivery delivery, Outcome outcome) {
        delivery.ack();
        outcomes.get(outcome).increment();
    }

    /** How the handling of one delivery ended. */
    private enum Outcome {
        /** The job ran and its output is saved. */
        SUCCEEDED,
        /** The job failed for good: bad input, or a transient fault on its last attempt. */
        FAILED,
        /**
         * A transient fault put the job back in the queue after its backoff: the message is
         * acknowledged and the gateway's dispatch sweep publishes a new one when the backoff ends
         * (or, at shutdown, the job was given back and its message left to the closing subscription).
         */
        REQUEUED,
        /** The job was not queued, so it was not run. */
        SKIPPED,
        /** The job was still queued past its deadline, so it expired instead of running. */
        EXPIRED,
        /** The job was cancelled or taken over while it ran; no outcome was saved. */
        LEASE_LOST;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
