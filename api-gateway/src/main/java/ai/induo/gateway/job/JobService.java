package ai.induo.gateway.job;

import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.id.Ids;
import ai.induo.common.image.ImageInfo;
import ai.induo.common.image.ImageInspector;
import ai.induo.common.image.ImageLimits;
import ai.induo.common.image.ImageRejectedException;
import ai.induo.common.job.JobStatus;
import ai.induo.common.queue.JobEvent;
import ai.induo.common.queue.JobEventBus;
import ai.induo.common.queue.JobMessage;
import ai.induo.common.queue.JobQueue;
import ai.induo.common.queue.QueueUnavailableException;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.limit.ActiveJobQuota;
import ai.induo.gateway.limit.CappedInputStream;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import ai.induo.gateway.webhook.WebhookDestinations;
import ai.induo.platform.job.JobEntity;
import ai.induo.platform.job.JobEntity.StoredImage;
import ai.induo.platform.config.StoreConfig;
import ai.induo.platform.job.JobRepository;
import com.mongodb.MongoException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Job intake: stores a submission's images encrypted as they arrive and checks each, validates the
 * rest of the submission, inserts the job and publishes it. A refused submission leaves nothing in
 * storage. The job is inserted before it is published, so a crash in between leaves it for
 * {@link DispatchSweeper}: no acknowledged job is lost.
 */
@ApplicationScoped
public class JobService {

    /** The request field of the person image. */
    public static final String PERSON_FIELD = "person_image";
    /** The request field of the product images. */
    public static final String PRODUCTS_FIELD = "product_images";

    private static final Logger LOG = Logger.getLogger(JobService.class);
    /** When to retry a submission refused because the outbox is full. */
    static final Duration OUTBOX_FULL_RETRY_AFTER = Duration.ofSeconds(30);

    @Inject
    GatewayConfig config;

    @Inject
    StoreConfig store;

    @Inject
    JobRepository jobs;

    @Inject
    EncryptedObjectStore objects;

    @Inject
    JobQueue queue;

    @Inject
    JobEventBus events;

    @Inject
    WebhookDestinations webhookDestinations;

    @Inject
    ActiveJobQuota quota;

    @Inject
    MeterRegistry meters;

    @Inject
    Clock clock;

    private ImageInspector inspector;
    private Counter submitted;
    /** The last publish failed: the queue is down until a publish succeeds again. */
    private volatile boolean queueDown;

    @PostConstruct
    void init() {
        inspector = new ImageInspector(new ImageLimits(config.uploads().maxImageBytes(), config.uploads().maxImagePixels()));
        submitted = Counter.builder("induo.jobs.submitted").description("Jobs accepted with 202").register(meters);
    }

    /**
     * Starts a submission for the account under a new job id. Close it when done: unless it was
     * submitted, closing deletes every image it stored.
     */
    public Intake begin(String accountId) {
        checkOutbox();
        return new Intake(accountId, Ids.newId(Ids.JOB, clock.instant()));
    }

    /** Refuses {@code count} product images when that is more than a job takes. */
    public void checkProductCount(int count) {
        if (count > config.uploads().maxProductImages()) {
            throw ApiException.unprocessable(ErrorCodes.TOO_MANY_IMAGES, PRODUCTS_FIELD + " takes at most "
                    + config.uploads().maxProductImages() + " images.");
        }
    }

    /** The refusal of an image over the byte limit, naming its field. */
    public ApiException imageTooLarge(String field) {
        return ApiException.payloadTooLarge(field + ": image is larger than " + config.uploads().maxImageBytes() + " bytes.");
    }

    /** How errors name the product image at {@code index}, e.g. {@code product_images[1]}. */
    public static String productField(int index) {
        return PRODUCTS_FIELD + "[" + index + "]";
    }

    /**
     * One submission in progress. Each image is streamed into encrypted storage under the job's
     * input key, refused at once when it passes the byte limit, and checked from storage (format
     * and header dimensions) before the next is read. Not thread-safe: one request feeds it.
     */
    public final class Intake implements AutoCloseable {

        private final String accountId;
        private final String jobId;
        private final List<String> storedKeys = new ArrayList<>();
        private final List<StoredImage> products = new ArrayList<>();
        private StoredImage person;
        private boolean submittedJob;

        private Intake(String accountId, String jobId) {
            this.accountId = accountId;
            this.jobId = jobId;
        }

        /** Stores and checks the person image; a second one is refused before it is read. */
        public void addPerson(InputStream content) {
            ensureOpen();
            if (person != null) {
                throw ApiException.unprocessable(ErrorCodes.TOO_MANY_IMAGES, PERSON_FIELD + " takes exactly one file.");
            }
            person = store("person", "person", PERSON_FIELD, content);
        }

        /** Stores and checks the next product image; one over the limit is refused before it is read. */
        public void addProduct(InputStream content) {
            ensureOpen();
            int index = products.size();
            checkProductCount(index + 1);
            products.add(store("product", "product-" + index, productField(index), content));
        }

        /**
         * Validates the rest of the submission, inserts the job and queues it. With {@code expiresIn}
         * (null for none) a job not started that long after submission expires instead of running.
         * An account already at its plan's active-job limit is refused with {@code 429 too_many_active_jobs}.
         */
        public JobEntity submit(Map<String, String> metadata, String webhookUrl, Duration expiresIn) {
            ensureOpen();
            if (person == null) {
                throw ApiException.unprocessable(ErrorCodes.MISSING_IMAGE, PERSON_FIELD + " is required: one image file.");
            }
            if (products.isEmpty()) {
                throw ApiException.unprocessable(ErrorCodes.MISSING_IMAGE, PRODUCTS_FIELD + " is required: 1 to "
                        + config.uploads().maxProductImages() + " image files.");
            }
            JobEntity job = new JobEntity();
            job.id = jobId;
            job.accountId = accountId;
            job.status = JobStatus.QUEUED.wireName();
            job.model = config.model();
            job.region = store.region();
            job.maxAttempts = config.maxAttempts();
            job.metadata = new LinkedHashMap<>(metadata);
            job.webhookUrl = webhookUrl == null || webhookUrl.isBlank() ? null : webhookDestinations.checkUrl("webhook_url", webhookUrl);
            // The insert time, which the dispatch sweeper's grace counts from; the id was drawn when the upload began.
            job.createdAt = clock.instant();
            job.expiresAt = expiresIn == null ? null : job.createdAt.plus(expiresIn);
            job.inputs = new ArrayList<>();
            job.inputs.add(person);
            job.inputs.addAll(products);
            quota.acquire(accountId, jobId);
            try {
                jobs.persist(job);
            } catch (RuntimeException e) {
                quota.release(accountId, jobId);
                throw e;
            }
            submittedJob = true;
            submitted.increment();
            if (!queueDown) {
                publish(job);
            }
            return job;
        }

        /** Deletes every image stored for the submission unless it was submitted. */
        @Override
        public void close() {
            if (!submittedJob) {
                storedKeys.forEach(JobService.this::deleteQuietly);
                storedKeys.clear();
            }
        }

        private StoredImage store(String role, String name, String field, InputStream content) {
            String key = inputKey(accountId, jobId, name);
            CappedInputStream capped = new CappedInputStream(content, config.uploads().maxImageBytes(),
                    () -> imageTooLarge(field));
            storedKeys.add(key);
            try {
                objects.put(accountId, key, capped);
            } catch (IOException e) {
                throw new UncheckedIOException("storing " + field + " of " + jobId + " failed", e);
            }
            ImageInfo info;
            try (InputStream stored = objects.open(key)) {
                info = inspector.inspect(stored, capped.count());
            } catch (ImageRejectedException e) {
                throw rejection(field, e);
            } catch (IOException e) {
                throw new UncheckedIOException("reading back " + field + " of " + jobId + " failed", e);
            }
            return new StoredImage(role, key, info.format().mediaType(), info.width(), info.height(), capped.count());
        }

        private void ensureOpen() {
            if (submittedJob) {
                throw new IllegalStateException("job " + jobId + " was already submitted");
            }
        }
    }

    /**
     * Publishes the job's message and marks it dispatched; on failure the sweeper retries later.
     * While the queue is down, submissions leave publishing to the sweeper, so they are answered
     * without waiting for the queue's timeout.
     */
    void publish(JobEntity job) {
        try {
            queue.publish(JobMessage.of(job.id, job.accountId, job.model, job.attempt + 1, clock.instant()));
            queueDown = false;
        } catch (QueueUnavailableException e) {
            queueDown = true;
            LOG.warnf("job %s stored but not yet published (%s); the dispatch sweeper will publish it", job.id, e.getMessage());
            return;
        }
        try {
            jobs.markDispatched(job.id, clock.instant());
        } catch (MongoException e) {
            LOG.warnf("job %s published but not marked so (%s); the dispatch sweeper will publish it again, and the "
                    + "worker runs it once", job.id, e.getMessage());
        }
    }

    /**
     * While the queue is down, accepted jobs wait in the outbox (the jobs collection) for the
     * sweeper; once {@code induo.gateway.outbox-limit} of them wait, new submissions are refused
     * with {@code 503} rather than piling up without bound.
     */
    private void checkOutbox() {
        if (queueDown && jobs.countUndispatched() >= config.outboxLimit()) {
            throw ApiException.serviceUnavailable("The job queue is unavailable and too many accepted jobs wait for it; "
                    + "retry after the time in Retry-After.", OUTBOX_FULL_RETRY_AFTER);
        }
    }

    /** The caller's job; another account's job is reported as missing, never as forbidden. */
    public JobEntity find(String accountId, String jobId) {
        return jobs.findForAccount(jobId, accountId)
                .orElseThrow(() -> ApiException.notFound("No job " + jobId + " in this account."));
    }

    /** The caller's jobs matching the query, newest first: at most {@code limit} of them, after the query's cursor. */
    public List<JobEntity> list(String accountId, JobListQuery query, int limit) {
        return jobs.listForAccount(accountId, query.filter(), query.startingAfter(), limit);
    }

    /**
     * Cancels the caller's job: a queued one never runs, a running one's outcome is refused when its
     * worker reports it. A job that ended is {@code 409 job_not_cancellable}. When the job changes
     * between reading and cancelling it (claimed, retried), cancelling is tried again on the job as
     * it is now; every lost race is a state change, and a job makes only a bounded number of them.
     */
    public JobEntity cancel(String accountId, String jobId) {
        while (true) {
            JobEntity job = find(accountId, jobId);
            if (job.jobStatus().isTerminal()) {
                throw new ApiException(Response.Status.CONFLICT, ErrorCodes.JOB_NOT_CANCELLABLE,
                        "Job " + jobId + " has already ended (" + job.status + ") and cannot be cancelled.");
            }
            Instant now = clock.instant();
            Optional<JobEntity> cancelled = jobs.cancel(job, now);
            if (cancelled.isPresent()) {
                events.publish(JobEvent.of(jobId, accountId, JobStatus.CANCELLED, now));
                return cancelled.get();
            }
        }
    }

    /** Expires queued jobs whose deadline passed, announcing each; how many were expired. */
    public int expireOverdue(int limit) {
        Instant now = clock.instant();
        int expired = 0;
        for (JobEntity job : jobs.findOverdue(now, limit)) {
            if (jobs.expire(job, now).isPresent()) {
                events.publish(JobEvent.of(job.id, job.accountId, JobStatus.EXPIRED, now));
                expired++;
            }
        }
        return expired;
    }

    private static ApiException rejection(String field, ImageRejectedException e) {
        String detail = field + ": " + e.getMessage();
        return switch (e.reason()) {
            case TOO_LARGE -> ApiException.payloadTooLarge(detail);
            case UNSUPPORTED_FORMAT -> new ApiException(Response.Status.UNSUPPORTED_MEDIA_TYPE, ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
                    detail + " (accepted: JPEG, PNG, WebP)");
            case TOO_MANY_PIXELS -> ApiException.unprocessable(ErrorCodes.IMAGE_TOO_LARGE, detail);
            case CORRUPT -> ApiException.unprocessable(ErrorCodes.INVALID_IMAGE, detail);
        };
    }

    private void deleteQuietly(String key) {
        try {
            objects.delete(key);
        } catch (IOException e) {
            LOG.warnf("could not delete %s after a refused submission: %s", key, e.getMessage());
        }
    }

    private static String inputKey(String accountId, String jobId, String name) {
        return "accounts/" + accountId + "/jobs/" + jobId + "/inputs/" + name;
    }

    /** Publishes jobs that were stored but never published (gateway crash or queue outage). */
    public int publishUndispatched(int limit) {
        Instant now = clock.instant();
        List<JobEntity> pending = jobs.findUndispatched(now.minus(config.sweepers().dispatchGrace()), now, limit);
        pending.forEach(this::publish);
        return pending.size();
    }

    /** The job by id without account scoping, for signed-URL downloads where the signature is the permission. */
    public Optional<JobEntity> findUnscoped(String jobId) {
        return jobs.findByIdOptional(jobId);
    }
}
