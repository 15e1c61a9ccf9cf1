package ai.induo.worker.job;

import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.image.ImageCodec;
import ai.induo.common.image.ImageRejectedException;
import ai.induo.common.job.JobErrorCode;
import ai.induo.common.job.RetryPolicy;
import ai.induo.common.job.JobStatus;
import ai.induo.common.queue.Delivery;
import ai.induo.common.queue.JobEvent;
import ai.induo.common.queue.JobEventBus;
import ai.induo.common.queue.JobMessage;
import ai.induo.platform.job.JobEntity;
import ai.induo.platform.job.JobEntity.JobErrorEntry;
import ai.induo.platform.job.JobEntity.StoredImage;
import ai.induo.platform.job.JobRepository;
import ai.induo.worker.config.WorkerConfig;
import ai.induo.worker.config.WorkerIdentity;
import ai.induo.worker.inference.InferenceException;
import ai.induo.worker.inference.InvalidInputException;
import ai.induo.worker.inference.TryOnModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs one delivered job message to its outcome: claims the job, keeps its lease alive, reads and
 * decrypts the inputs, runs the model, stores the encrypted output, saves the outcome, publishes a
 * job event, and only then acknowledges the message.
 *
 * <p>Processing is idempotent: a job that is not {@code queued} (running elsewhere, finished,
 * cancelled, unknown) is skipped and its message acknowledged, and the output key is fixed per job,
 * so a rare second run overwrites instead of adding an output. Bad input fails the job at once;
 * transient faults put it back in the queue, after a backoff from {@link RetryPolicy}, until its
 * attempts are used up. Nothing thrown here reaches the queue's consumer thread.
 */
@Singleton
public class JobProcessor {

    /** Input role of the shopper's photo. */
    public static final String PERSON_ROLE = "person";
    /** Input role of a product image. */
    public static final String PRODUCT_ROLE = "product";
    /** Role of the generated image. */
    public static final String OUTPUT_ROLE = "output";
    /** Media type of the generated image. */
    public static final String OUTPUT_CONTENT_TYPE = "image/png";

    /** Counter of processed deliveries, tagged {@code outcome}. */
    public static final String JOBS_METER = "induo.worker.jobs";
    /** Timer of model runs, tagged {@code model}. */
    public static final String INFERENCE_METER = "induo.worker.inference";

    private static final Logger LOG = Logger.getLogger(JobProcessor.class);
    /**
     * Longest a delivery is held before it is released when the job's state cannot be read or
     * written (database unreachable): under the queue's record lock (Kafka: 30 s), so the wait does
     * not itself cost a delivery.
     */
    static final Duration MAX_HOLD_BEFORE_RELEASE = Duration.ofSeconds(20);

    private final JobRepository jobs;
    private final EncryptedObjectStore objects;
    private final JobEventBus events;
    private final LeaseKeeper leases;
    private final Clock clock;
    private final WorkerConfig config;
    private final RetryPolicy retryPolicy;
    private final String workerId;
    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);
    private final Timer inference;
    /** Guards the shutdown state below; {@link #awaitIdle} waits on it. */
    private final Object lock = new Object();
    /** Claimed jobs not finished yet, by id. */
    private final Map<String, RunningJob> running = new HashMap<>();
    /** Deliveries being handled, from before their claim until they are settled. */
    private int busy;
    private boolean claiming = true;
    private boolean givingBack;

    JobProcessor(JobRepository jobs, EncryptedObjectStore objects, JobEventBus events, LeaseKeeper leases, Clock clock,
            WorkerConfig config, WorkerIdentity identity, MeterRegistry registry) {
        this.jobs = jobs;
        this.objects = objects;
        this.events = events;
        this.leases = leases;
        this.clock = clock;
        this.config = config;
        this.retryPolicy = RetryPolicy.of(config.retry().initialDelay(), config.retry().maxDelay(), config.retry().jitter(), clock);
        this.workerId = identity.id();
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, Counter.builder(JOBS_METER)
                    .description("Job deliveries this worker finished handling, by outcome")
                    .tag("outcome", outcome.tag())
                    .register(registry));
        }
        this.inference = Timer.builder(INFERENCE_METER)
                .description("Time the try-on model took per job")
                .tag("model", config.model().name())
                .register(registry);
    }

    /** The object key of a job's output image; the same on every attempt. */
    public static String outputKey(String accountId, String jobId) {
        return "accounts/" + accountId + "/jobs/" + jobId + "/outputs/0.png";
    }

    /**
     * Handles one delivery to the end: it is acknowledged once the outcome is saved, the job is back
     * in the queue with its retry backoff, or the job needs no work; it is released, after a pause,
     * when the job's state could not be read or written. Once {@link #stopClaiming()} was called, a
     * delivery is left unsettled for the closing subscription to release.
     */
    public void process(Delivery delivery, TryOnModel model) {
        if (!enter()) {
            LOG.debugf("Not claiming job %s: the worker is stopping", delivery.message().jobId());
            return;
        }
        try {
            handle(delivery, model);
        } finally {
            exit();
        }
    }

    /**
     * Stops claiming jobs, for shutdown: deliveries that arrive from now on are left unsettled, so
     * the queue takes no further messages and closing the subscription releases them.
     */
    public void stopClaiming() {
        synchronized (lock) {
            claiming = false;
        }
    }

    /** Waits until no delivery is being handled, at most {@code timeout}; true when none is. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            for (long left = timeout.toNanos(); busy > 0 && left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return busy == 0;
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
        List<RunningJob> jobsToGiveBack;
        synchronized (lock) {
            givingBack = true;
            jobsToGiveBack = List.copyOf(running.values());
        }
        jobsToGiveBack.forEach(this::giveBack);
        return jobsToGiveBack.size();
    }

    private boolean enter() {
        synchronized (lock) {
            if (!claiming) {
                return false;
            }
            busy++;
            return true;
        }
    }

    private void exit() {
        synchronized (lock) {
            busy--;
            lock.notifyAll();
        }
    }

    private void handle(Delivery delivery, TryOnModel model) {
        JobMessage message = delivery.message();
        try {
            Instant now = clock.instant();
            Optional<JobEntity> claimed = jobs.claim(message.jobId(), workerId, now, config.lease());
            if (claimed.isEmpty() && expire(message, now)) {
                settle(delivery, Outcome.EXPIRED);
                return;
            }
            if (claimed.isEmpty()) {
                LOG.infof("Skipping job %s: it is not queued (running elsewhere, finished, cancelled or unknown)",
                        message.jobId());
                settle(delivery, Outcome.SKIPPED);
                return;
            }
            RunningJob job = new RunningJob(claimed.get());
            if (!register(job)) {
                giveBack(job);
                return;
            }
            try {
                Outcome outcome = run(job.entity(), delivery, model);
                if (!job.givenBack()) {
                    settle(delivery, outcome);
                }
            } finally {
                unregister(job);
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            Duration hold = min(retryPolicy.delayAfter(delivery.deliveryCount()), MAX_HOLD_BEFORE_RELEASE);
            LOG.errorf(e, "Cannot record the outcome of job %s; releasing its message to be delivered again in %s",
                    message.jobId(), hold);
            holdBeforeRelease(delivery, hold);
        }
    }

    /**
     * Waits before releasing a delivery whose job state could not be read or written, so that an
     * outage of the database does not use up the message's deliveries in quick succession.
     */
    private void holdBeforeRelease(Delivery delivery, Duration hold) {
        try {
            TimeUnit.NANOSECONDS.sleep(hold.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        release(delivery);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Expires the job when it is still queued past its deadline; true when this call expired it. */
    private boolean expire(JobMessage message, Instant now) {
        Optional<JobEntity> expired = jobs.expireOverdue(message.jobId(), now);
        expired.ifPresent(job -> {
            LOG.infof("Job %s was not started before its deadline %s; it expired", job.id, job.expiresAt);
            events.publish(JobEvent.of(job.id, job.accountId, JobStatus.EXPIRED, now));
        });
        return expired.isPresent();
    }

    /** Records a claimed job as running; false when shutdown is giving running jobs back. */
    private boolean register(RunningJob job) {
        synchronized (lock) {
            running.put(job.entity().id, job);
            return !givingBack;
        }
    }

    private void unregister(RunningJob job) {
        synchronized (lock) {
            running.remove(job.entity().id);
        }
    }

    /** Puts a running job back in the queue at shutdown; its delivery is left to the closing subscription. */
    private void giveBack(RunningJob job) {
        job.giveBack();
        JobEntity entity = job.entity();
        Instant now = clock.instant();
        JobErrorEntry error = new JobErrorEntry(entity.attempt, JobErrorCode.INTERNAL_ERROR,
                "The worker stopped before the job finished", now);
        try {
            if (jobs.requeue(entity, error, now).isPresent()) {
                outcomes.get(Outcome.REQUEUED).increment();
                LOG.warnf("Job %s was still running at shutdown; put it back in the queue", entity.id);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "Cannot put job %s back in the queue at shutdown; it stays leased to %s until %s",
                    entity.id, workerId, entity.leaseExpiresAt);
        }
    }

    private Outcome run(JobEntity job, Delivery delivery, TryOnModel model) {
        LOG.debugf("Running job %s (attempt %d)", job.id, job.attempt);
        LeaseKeeper.Heartbeat heartbeat = leases.keep(job, delivery);
        Optional<StoredImage> output;
        try {
            output = produceOutput(job, model, heartbeat);
        } catch (Exception | OutOfMemoryError e) {
            heartbeat.stop();
            return heartbeat.lost() ? Outcome.LEASE_LOST : handleFailure(job, Failure.of(e));
        }
        heartbeat.stop();
        if (output.isEmpty()) {
            return Outcome.LEASE_LOST;
        }
        if (heartbeat.lost()) {
            discardIfEnded(job, output.get());
            return Outcome.LEASE_LOST;
        }
        Instant now = clock.instant();
        if (jobs.succeed(job, List.of(output.get()), now).isEmpty()) {
            LOG.infof("Job %s changed while it ran (cancelled or taken over); its output was not recorded", job.id);
            discardIfEnded(job, output.get());
            return Outcome.LEASE_LOST;
        }
        events.publish(JobEvent.of(job.id, job.accountId, JobStatus.SUCCEEDED, now));
        LOG.debugf("Job %s succeeded", job.id);
        return Outcome.SUCCEEDED;
    }

    /** The stored output image, or empty when the lease was lost before it was written. */
    private Optional<StoredImage> produceOutput(JobEntity job, TryOnModel model, LeaseKeeper.Heartbeat heartbeat)
            throws IOException, ImageRejectedException {
        BufferedImage person = readInput(job, PERSON_ROLE).stream()
                .findFirst()
                .orElseThrow(() -> new InvalidInputException("The job has no person image"));
        List<BufferedImage> products = readInput(job, PRODUCT_ROLE);
        BufferedImage result = inference.record(() -> model.run(person, products));
        if (heartbeat.lost()) {
            return Optional.empty();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageCodec.writePng(result, png);
        String key = outputKey(job.accountId, job.id);
        objects.put(job.accountId, key, png::writeTo);
        return Optional.of(new StoredImage(OUTPUT_ROLE, key, OUTPUT_CONTENT_TYPE, result.getWidth(),
                result.getHeight(), png.size()));
    }

    /**
     * Deletes an output this attempt stored but could not record, when the job ended without it
     * (cancelled, expired, failed) or is gone. A job taken over by another attempt keeps the object:
     * the output key is the same on every attempt, so that attempt may have written or be writing it.
     */
    private void discardIfEnded(JobEntity job, StoredImage output) {
        Optional<JobStatus> current = jobs.findByIdOptional(job.id).map(JobEntity::jobStatus);
        if (current.isPresent() && (!current.get().isTerminal() || current.get() == JobStatus.SUCCEEDED)) {
            return;
        }
        try {
            objects.delete(output.key);
            LOG.infof("Deleted the output of job %s, which ended as %s while it ran", job.id,
                    current.map(JobStatus::wireName).orElse("deleted"));
        } catch (IOException e) {
            LOG.errorf(e, "Cannot delete the unrecorded output %s of job %s", output.key, job.id);
        }
    }

    /** The decoded images of one role, in the job's order. */
    private List<BufferedImage> readInput(JobEntity job, String role) throws IOException, ImageRejectedException {
        List<BufferedImage> images = new ArrayList<>();
        for (StoredImage input : job.inputs) {
            if (!role.equals(input.role)) {
                continue;
            }
            try (InputStream in = objects.open(input.key)) {
                images.add(ImageCodec.decode(in));
            } catch (ImageRejectedException e) {
                throw new ImageRejectedException(e.reason(),
                        "The " + role + " image cannot be used: " + e.getMessage(), e);
            }
        }
        return images;
    }

    private Outcome handleFailure(JobEntity job, Failure failure) {
        int maxAttempts = job.maxAttempts > 0 ? job.maxAttempts : config.maxAttempts();
        Instant now = clock.instant();
        JobErrorEntry error = new JobErrorEntry(job.attempt, failure.code(), failure.message(), now);
        if (failure.retryable() && job.attempt < maxAttempts) {
            Instant retryAt = retryPolicy.nextAttemptAt(job.attempt);
            LOG.warnf(failure.cause(), "Job %s attempt %d of %d failed (%s); it goes back to the queue at %s", job.id,
                    job.attempt, maxAttempts, failure.code(), retryAt);
            return jobs.requeueForDispatch(job, error, now, retryAt).isPresent() ? Outcome.REQUEUED : Outcome.LEASE_LOST;
        }
        if (failure.retryable()) {
            LOG.errorf(failure.cause(), "Job %s failed (%s) on its last attempt (%d of %d)", job.id, failure.code(),
                    job.attempt, maxAttempts);
        } else {
            LOG.infof("Job %s failed: %s (%s)", job.id, failure.message(), failure.code());
        }
        if (jobs.fail(job, error, now).isEmpty()) {
            LOG.infof("Job %s changed while it ran (cancelled or taken over); its failure was not recorded", job.id);
            return Outcome.LEASE_LOST;
        }
        events.publish(JobEvent.of(job.id, job.accountId, JobStatus.FAILED, now));
        return Outcome.FAILED;
    }

    private void settle(Delivery delivery, Outcome outcome) {
        delivery.ack();
        outcomes.get(outcome).increment();
    }

    private static void release(Delivery delivery) {
        try {
            delivery.release();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Cannot release the message of job %s; the queue delivers it again when its lock expires",
                    delivery.message().jobId());
        }
    }

    /** A job this worker claimed and has not finished. */
    private static final class RunningJob {

        private final JobEntity entity;
        private volatile boolean givenBack;

        RunningJob(JobEntity entity) {
            this.entity = entity;
        }

        JobEntity entity() {
            return entity;
        }

        /** True once shutdown gave the job back: its processing must not settle its delivery. */
        boolean givenBack() {
            return givenBack;
        }

        void giveBack() {
            givenBack = true;
        }
    }

    /** How the handling of one delivery ended. */
    private enum Outcome {
        /** The job ran and its output is saved. */
        SUCCEEDED,
        /** The job failed for good: bad input, or a transient fault on its last attempt. */
        FAILED,
        /**
         * A transient fault put the job back in the queue after its backoff: the message is
         * acknowledged and the gateway's dispatch sweeper publishes a new one when the backoff ends
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

    /** Why an attempt failed, in the terms saved on the job. */
    private record Failure(String code, String message, boolean retryable, Throwable cause) {

        static Failure of(Throwable e) {
            if (e instanceof InvalidInputException || e instanceof ImageRejectedException) {
                return new Failure(JobErrorCode.INVALID_INPUT, e.getMessage(), false, e);
            }
            if (e instanceof IOException || e instanceof UncheckedIOException) {
                return new Failure(JobErrorCode.STORAGE_ERROR, "Reading or writing images in storage failed", true, e);
            }
            if (e instanceof InferenceException) {
                return new Failure(JobErrorCode.MODEL_ERROR, "The try-on model failed", true, e);
            }
            if (e instanceof OutOfMemoryError) {
                return new Failure(JobErrorCode.INTERNAL_ERROR, "The worker ran out of memory", true, e);
            }
            return new Failure(JobErrorCode.INTERNAL_ERROR, "An internal error occurred", true, e);
        }
    }
}
