package ai.induo.gateway.job;

import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.id.Ids;
import ai.induo.common.job.DuplicateIdempotencyKeyException;
import ai.induo.common.job.Job;
import ai.induo.common.job.JobImage;
import ai.induo.common.job.JobImages;
import ai.induo.common.job.JobLifecycle;
import ai.induo.common.job.JobNotCancellableException;
import ai.induo.common.job.JobStore;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.idempotency.IdempotencyBinding;
import ai.induo.gateway.limit.ActiveJobQuota;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import ai.induo.gateway.webhook.WebhookDestinations;
import ai.induo.platform.residency.Residency;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Job intake and the account's view of its jobs: stores a submission's images encrypted as they
 * arrive and checks each, validates the rest of the submission, submits the job through the
 * {@link JobLifecycle} and dispatches it. A refused submission leaves nothing in storage. The job is
 * stored before it is published, so a crash in between leaves it for {@link JobDispatcher}'s sweep:
 * no acknowledged job is lost. A submission under an {@code Idempotency-Key} binds the key to its
 * job (unique per account, with no time limit): a later one under the key answers that job when it
 * is the same request, however late it comes, and is refused when it is another; a second job
 * under the key is never stored.
 */
@ApplicationScoped
public class JobService {

    /** The request field of the person image. */
    public static final String PERSON_FIELD = "person_image";
    /** The request field of the product images. */
    public static final String PRODUCTS_FIELD = "product_images";

    private static final Logger LOG = Logger.getLogger(JobService.class);

    @Inject
    GatewayConfig config;

    @Inject
    Residency residency;

    @Inject
    JobLifecycle lifecycle;

    @Inject
    JobStore jobs;

    @Inject
    JobListRepository listing;

    @Inject
    JobDispatcher dispatcher;

    @Inject
    EncryptedObjectStore objects;

    @Inject
    InputImages images;

    @Inject
    WebhookDestinations webhookDestinations;

    @Inject
    ActiveJobQuota quota;

    @Inject
    MeterRegistry meters;

    @Inject
    Clock clock;

    private Counter submitted;

    @PostConstruct
    void init() {
        submitted = Counter.builder("induo.jobs.submitted").description("Jobs accepted with 202").register(meters);
    }

    /**
     * Starts a submission for the account under a new job id, bound to the request's idempotency key
     * if it has one. Close it when done: unless it was submitted, closing deletes every image it stored.
     */
    public Intake begin(String accountId, Optional<IdempotencyBinding> idempotency) {
        Job bound = idempotency.flatMap(binding -> jobs.findByIdempotencyKey(accountId, binding.key())).orElse(null);
        if (bound == null) {
            dispatcher.checkCapacity();
        }
        return new Intake(accountId, Ids.newId(Ids.JOB, clock.instant()), idempotency.orElse(null), bound);
    }

    /**
     * The job a submission answers with.
     *
     * @param replayed true when the job was stored earlier under the submission's idempotency key
     */
    public record Submitted(Job job, boolean replayed) {
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
        return images.imageTooLarge(field);
    }

    /** How errors name the product image at {@code index}, e.g. {@code product_images[1]}. */
    public static String productField(int index) {
        return PRODUCTS_FIELD + "[" + index + "]";
    }

    /**
     * One submission in progress. Each image is stored under the job's input key by
     * {@link InputImages} (stripped of its metadata, refused at once past the byte limit, checked from
     * storage, turned upright) before the next is read. Not thread-safe: one request feeds it.
     */
    public final class Intake implements AutoCloseable {

        private final String accountId;
        private final String jobId;
        private final IdempotencyBinding idempotency;
        /** The job stored earlier under the idempotency key, found when the submission began. */
        private final Job bound;
        private final List<String> storedKeys = new ArrayList<>();
        private final List<JobImage> products = new ArrayList<>();
        private JobImage person;
        private boolean submittedJob;

        private Intake(String accountId, String jobId, IdempotencyBinding idempotency, Job bound) {
            this.accountId = accountId;
            this.jobId = jobId;
            this.idempotency = idempotency;
            this.bound = bound;
        }

        /** Stores and checks the person image; a second one is refused before it is read. */
        public void addPerson(InputStream content) {
            ensureOpen();
            if (person != null) {
                throw ApiException.unprocessable(ErrorCodes.TOO_MANY_IMAGES, PERSON_FIELD + " takes exactly one file.");
            }
            person = store(JobImage.Role.PERSON, JobImages.personKey(accountId, jobId), PERSON_FIELD, content);
        }

        /** Stores and checks the next product image; one over the limit is refused before it is read. */
        public void addProduct(InputStream content) {
            ensureOpen();
            int index = products.size();
            checkProductCount(index + 1);
            products.add(store(JobImage.Role.PRODUCT, JobImages.productKey(accountId, jobId, index), productField(index),
                    content));
        }

        /**
         * Validates the rest of the submission, inserts the job and queues it. With {@code expiresIn}
         * (null for none) a job not started that long after submission expires instead of running.
         * An account already at its plan's active-job limit is refused with {@code 429 too_many_active_jobs}.
         * Under an idempotency key that is already bound to a job, whether found when the submission
         * began or by a submission that stored it in the meantime, the answer is that job, or
         * {@code 422 idempotency_key_reused} when it came from another request.
         */
        public Submitted submit(Map<String, String> metadata, String webhookUrl, Duration expiresIn) {
            ensureOpen();
            if (bound != null) {
                return answerBound(bound);
            }
            if (person == null) {
                throw ApiException.unprocessable(ErrorCodes.MISSING_IMAGE, PERSON_FIELD + " is required: one image file.");
            }
            if (products.isEmpty()) {
                throw ApiException.unprocessable(ErrorCodes.MISSING_IMAGE, PRODUCTS_FIELD + " is required: 1 to "
                        + config.uploads().maxProductImages() + " image files.");
            }
            List<JobImage> inputs = new ArrayList<>();
            inputs.add(person);
            inputs.addAll(products);
            Job draft = Job.builder()
                    .id(jobId)
                    .accountId(accountId)
                    .model(config.model())
                    .region(residency.storeLocation())
                    .metadata(metadata)
                    .webhookUrl(webhookUrl == null || webhookUrl.isBlank() ? null
                            : webhookDestinations.checkUrl("webhook_url", webhookUrl))
                    .idempotencyKey(idempotency == null ? null : idempotency.key())
                    .requestDigest(idempotency == null ? null : idempotency.requestDigest())
                    .inputs(inputs)
                    .build();
            quota.acquire(accountId, jobId);
            Job job;
            try {
                job = lifecycle.submit(draft, Optional.ofNullable(expiresIn));
            } catch (DuplicateIdempotencyKeyException e) {
                quota.release(accountId, jobId);
                return answerBound(jobs.findByIdempotencyKey(accountId, idempotency.key())
                        .orElseThrow(() -> new IllegalStateException("the job bound to the idempotency key is gone", e)));
            } catch (RuntimeException e) {
                quota.release(accountId, jobId);
                throw e;
            }
            submittedJob = true;
            submitted.increment();
            dispatcher.dispatchSubmitted(job);
            return new Submitted(job, false);
        }

        /** The job bound to the idempotency key, when this submission is the request that stored it. */
        private Submitted answerBound(Job job) {
            if (!MessageDigest.isEqual(digestBytes(job.requestDigest()), digestBytes(idempotency.requestDigest()))) {
                throw IdempotencyBinding.keyReused();
            }
            return new Submitted(job, true);
        }

        /** Deletes every image stored for the submission unless it was submitted. */
        @Override
        public void close() {
            if (!submittedJob) {
                storedKeys.forEach(JobService.this::deleteQuietly);
                storedKeys.clear();
            }
        }

        private JobImage store(JobImage.Role role, String key, String field, InputStream content) {
            storedKeys.add(key);
            return images.store(accountId, role, key, field, content);
        }

        private void ensureOpen() {
            if (submittedJob) {
                throw new IllegalStateException("job " + jobId + " was already submitted");
            }
        }
    }

    /** The caller's job; another account's job is reported as missing, never as forbidden. */
    public Job find(String accountId, String jobId) {
        return jobs.findForAccount(jobId, accountId).orElseThrow(() -> notFound(jobId));
    }

    /** The caller's jobs matching the query, newest first: at most {@code limit} of them, after the query's cursor. */
    public List<Job> list(String accountId, JobListQuery query, int limit) {
        return listing.listForAccount(accountId, query.filter(), query.startingAfter(), limit);
    }

    /**
     * Cancels the caller's job through the lifecycle. A job that ended is {@code 409 job_not_cancellable}.
     */
    public Job cancel(String accountId, String jobId) {
        try {
            return lifecycle.cancel(accountId, jobId).orElseThrow(() -> notFound(jobId));
        } catch (JobNotCancellableException e) {
            throw new ApiException(Response.Status.CONFLICT, ErrorCodes.JOB_NOT_CANCELLABLE,
                    "Job " + jobId + " has already ended (" + e.job().status().wireName() + ") and cannot be cancelled.");
        }
    }

    private static ApiException notFound(String jobId) {
        return ApiException.notFound("No job " + jobId + " in this account.");
    }

    private static byte[] digestBytes(String digest) {
        return digest == null ? new byte[0] : digest.getBytes(StandardCharsets.US_ASCII);
    }

    private void deleteQuietly(String key) {
        try {
            objects.delete(key);
        } catch (IOException e) {
            LOG.warnf("could not delete %s after a refused submission: %s", key, e.getMessage());
        }
    }

    /** The job by id without account scoping, for signed-URL downloads where the signature is the permission. */
    public Optional<Job> findUnscoped(String jobId) {
        return jobs.find(jobId);
    }
}
