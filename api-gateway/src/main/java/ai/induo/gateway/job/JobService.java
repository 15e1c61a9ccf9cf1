package ai.induo.gateway.job;

import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.id.Ids;
import ai.induo.common.image.ImageInfo;
import ai.induo.common.image.ImageInspector;
import ai.induo.common.image.ImageLimits;
import ai.induo.common.image.ImageRejectedException;
import ai.induo.common.job.JobStatus;
import ai.induo.common.net.BlockedDestinationException;
import ai.induo.common.queue.JobMessage;
import ai.induo.common.queue.JobQueue;
import ai.induo.common.queue.QueueUnavailableException;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import ai.induo.gateway.webhook.WebhookDestinations;
import ai.induo.platform.job.JobEntity;
import ai.induo.platform.job.JobEntity.StoredImage;
import ai.induo.platform.job.JobRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Job intake: validates a submission, stores its images encrypted, inserts the job and publishes
 * it. The job is inserted before it is published, so a crash in between leaves it for
 * {@link DispatchSweeper}: no acknowledged job is lost.
 */
@ApplicationScoped
public class JobService {

    private static final Logger LOG = Logger.getLogger(JobService.class);

    @Inject
    GatewayConfig config;

    @Inject
    JobRepository jobs;

    @Inject
    EncryptedObjectStore objects;

    @Inject
    JobQueue queue;

    @Inject
    WebhookDestinations webhookDestinations;

    @Inject
    MeterRegistry meters;

    @Inject
    Clock clock;

    private ImageInspector inspector;
    private Counter submitted;

    @PostConstruct
    void init() {
        inspector = new ImageInspector(new ImageLimits(config.uploads().maxImageBytes(), config.uploads().maxImagePixels()));
        submitted = Counter.builder("induo.jobs.submitted").description("Jobs accepted with 202").register(meters);
    }

    /** Validates, stores and queues a job; throws {@link ApiException} for anything the caller must fix. */
    public JobEntity submit(String accountId, JobSubmission submission) {
        if (submission.person() == null) {
            throw ApiException.unprocessable(ErrorCodes.MISSING_IMAGE, "person_image is required: one image file.");
        }
        if (submission.products().isEmpty()) {
            throw ApiException.unprocessable(ErrorCodes.MISSING_IMAGE, "product_images is required: 1 to "
                    + config.uploads().maxProductImages() + " image files.");
        }
        if (submission.products().size() > config.uploads().maxProductImages()) {
            throw ApiException.unprocessable(ErrorCodes.TOO_MANY_IMAGES, "product_images takes at most "
                    + config.uploads().maxProductImages() + " images.");
        }
        String webhookUrl = checkWebhookUrl(submission.webhookUrl());
        List<SubmittedImage> images = new ArrayList<>();
        images.add(submission.person());
        images.addAll(submission.products());
        List<ImageInfo> infos = new ArrayList<>();
        for (SubmittedImage image : images) {
            infos.add(inspect(image));
        }

        Instant now = clock.instant();
        JobEntity job = new JobEntity();
        job.id = Ids.newId(Ids.JOB, now);
        job.accountId = accountId;
        job.status = JobStatus.QUEUED.wireName();
        job.model = config.model();
        job.maxAttempts = config.maxAttempts();
        job.metadata = new LinkedHashMap<>(submission.metadata());
        job.webhookUrl = webhookUrl;
        job.createdAt = now;
        job.inputs = storeInputs(job, images, infos);
        jobs.persist(job);
        submitted.increment();
        publish(job);
        return job;
    }

    /** Publishes the job's message and marks it dispatched; on failure the sweeper retries later. */
    void publish(JobEntity job) {
        try {
            queue.publish(JobMessage.of(job.id, job.accountId, job.model, job.attempt + 1, clock.instant()));
            jobs.markDispatched(job.id, clock.instant());
        } catch (QueueUnavailableException e) {
            LOG.warnf("job %s stored but not yet published (%s); the dispatch sweeper will publish it", job.id, e.getMessage());
        }
    }

    /** The caller's job; another account's job is reported as missing, never as forbidden. */
    public JobEntity find(String accountId, String jobId) {
        return jobs.findForAccount(jobId, accountId)
                .orElseThrow(() -> ApiException.notFound("No job " + jobId + " in this account."));
    }

    private String checkWebhookUrl(String webhookUrl) {
        if (webhookUrl == null || webhookUrl.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(webhookUrl.strip());
            webhookDestinations.policy().check(uri);
            return uri.toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw ApiException.unprocessable(ErrorCodes.INVALID_WEBHOOK_URL, "webhook_url must be an absolute http or https URL.");
        } catch (BlockedDestinationException e) {
            throw ApiException.unprocessable(ErrorCodes.INVALID_WEBHOOK_URL,
                    "webhook_url must point to a public address: " + e.getMessage());
        } catch (UnknownHostException e) {
            throw ApiException.unprocessable(ErrorCodes.INVALID_WEBHOOK_URL, "webhook_url's host does not resolve.");
        }
    }

    private ImageInfo inspect(SubmittedImage image) {
        try {
            return image.inspect(inspector);
        } catch (ImageRejectedException e) {
            String detail = image.field() + ": " + e.getMessage();
            throw switch (e.reason()) {
                case TOO_LARGE -> new ApiException(413, "Content Too Large", ErrorCodes.PAYLOAD_TOO_LARGE, detail);
                case UNSUPPORTED_FORMAT -> new ApiException(Response.Status.UNSUPPORTED_MEDIA_TYPE, ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
                        detail + " (accepted: JPEG, PNG, WebP)");
                case TOO_MANY_PIXELS -> ApiException.unprocessable(ErrorCodes.IMAGE_TOO_LARGE, detail);
                case CORRUPT -> ApiException.unprocessable(ErrorCodes.INVALID_IMAGE, detail);
            };
        }
    }

    private List<StoredImage> storeInputs(JobEntity job, List<SubmittedImage> images, List<ImageInfo> infos) {
        List<StoredImage> stored = new ArrayList<>();
        try {
            for (int i = 0; i < images.size(); i++) {
                String role = i == 0 ? "person" : "product";
                String key = inputKey(job, i == 0 ? "person" : "product-" + (i - 1));
                SubmittedImage image = images.get(i);
                try (InputStream in = image.open()) {
                    objects.put(job.accountId, key, in);
                }
                ImageInfo info = infos.get(i);
                stored.add(new StoredImage(role, key, info.format().mediaType(), info.width(), info.height(), image.size()));
            }
            return stored;
        } catch (IOException e) {
            stored.forEach(image -> deleteQuietly(image.key));
            throw new UncheckedIOException("storing the inputs of " + job.id + " failed", e);
        }
    }

    private void deleteQuietly(String key) {
        try {
            objects.delete(key);
        } catch (IOException e) {
            LOG.warnf("could not delete %s after a failed submission: %s", key, e.getMessage());
        }
    }

    static String inputKey(JobEntity job, String name) {
        return "accounts/" + job.accountId + "/jobs/" + job.id + "/inputs/" + name;
    }

    /** Publishes jobs that were stored but never published (gateway crash or queue outage). */
    public int publishUndispatched(int limit) {
        List<JobEntity> pending = jobs.findUndispatched(clock.instant().minus(config.sweepers().dispatchGrace()), limit);
        pending.forEach(this::publish);
        return pending.size();
    }

    /** The job by id without account scoping, for signed-URL downloads where the signature is the permission. */
    public Optional<JobEntity> findUnscoped(String jobId) {
        return jobs.findByIdOptional(jobId);
    }
}
