package ai.induo.gateway.rest;

import ai.induo.gateway.auth.Authenticated;
import ai.induo.gateway.auth.CurrentCaller;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.job.JobService;
import ai.induo.gateway.job.JobSubmission;
import ai.induo.gateway.job.JobWaiters;
import ai.induo.gateway.job.Metadata;
import ai.induo.gateway.job.SubmittedImage;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import ai.induo.platform.job.JobEntity;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Submitting jobs and reading their status. */
@Path("/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class JobResource {

    static final String PERSON = "person_image";
    static final String PRODUCTS = "product_images";
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    @Inject
    JobService jobs;

    @Inject
    JobViews views;

    @Inject
    JobWaiters waiters;

    @Inject
    CurrentCaller caller;

    @Inject
    GatewayConfig config;

    @Inject
    Clock clock;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response submitMultipart(
            @RestForm(PERSON) List<FileUpload> person,
            @RestForm(PRODUCTS) List<FileUpload> products,
            @RestForm("metadata") String metadata,
            @RestForm("webhook_url") String webhookUrl) {
        if (person != null && person.size() > 1) {
            throw ApiException.unprocessable(ErrorCodes.TOO_MANY_IMAGES, "person_image takes exactly one file.");
        }
        SubmittedImage personImage = person == null || person.isEmpty() ? null
                : SubmittedImage.ofFile(PERSON, person.get(0).uploadedFile());
        List<SubmittedImage> productImages = new ArrayList<>();
        if (products != null) {
            for (int i = 0; i < products.size(); i++) {
                productImages.add(SubmittedImage.ofFile(PRODUCTS + "[" + i + "]", products.get(i).uploadedFile()));
            }
        }
        return accepted(jobs.submit(caller.accountId(),
                new JobSubmission(personImage, productImages, Metadata.parse(metadata), webhookUrl)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submitJson(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest(ErrorCodes.MALFORMED_JSON, "Send a JSON object.");
        }
        SubmittedImage personImage = body.hasNonNull(PERSON) ? decodeImage(PERSON, body.get(PERSON)) : null;
        List<SubmittedImage> productImages = new ArrayList<>();
        JsonNode products = body.get(PRODUCTS);
        if (products != null && !products.isNull()) {
            if (!products.isArray()) {
                throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST, "product_images must be an array of images.");
            }
            if (products.size() > config.uploads().maxProductImages()) {
                throw ApiException.unprocessable(ErrorCodes.TOO_MANY_IMAGES,
                        "product_images takes at most " + config.uploads().maxProductImages() + " images.");
            }
            for (int i = 0; i < products.size(); i++) {
                productImages.add(decodeImage(PRODUCTS + "[" + i + "]", products.get(i)));
            }
        }
        JsonNode webhookUrl = body.get("webhook_url");
        if (webhookUrl != null && !webhookUrl.isNull() && !webhookUrl.isTextual()) {
            throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST, "webhook_url must be a string.");
        }
        return accepted(jobs.submit(caller.accountId(), new JobSubmission(personImage, productImages,
                Metadata.fromJson(body.get("metadata")), webhookUrl == null ? null : webhookUrl.textValue())));
    }

    /**
     * The job. With {@code wait=N} (0–60 seconds) the answer is held until the job is terminal or N
     * seconds pass; the wait is woken by job events, not by polling the database.
     */
    @GET
    @Path("/{id}")
    @Blocking
    public CompletionStage<JobView> get(@PathParam("id") String id, @QueryParam("wait") String wait) {
        Duration waitFor = parseWait(wait);
        String accountId = caller.accountId();
        return await(accountId, id, clock.instant().plus(waitFor));
    }

    private CompletionStage<JobView> await(String accountId, String id, Instant deadline) {
        CompletableFuture<Void> waiter = waiters.register(id);
        JobEntity job;
        try {
            job = jobs.find(accountId, id);
        } catch (RuntimeException e) {
            waiters.cancel(id, waiter);
            throw e;
        }
        long remainingMillis = Duration.between(clock.instant(), deadline).toMillis();
        if (job.jobStatus().isTerminal() || remainingMillis <= 0) {
            waiters.cancel(id, waiter);
            return CompletableFuture.completedFuture(views.toView(job));
        }
        return waiter.completeOnTimeout(null, remainingMillis, TimeUnit.MILLISECONDS)
                .thenComposeAsync(woken -> {
                    waiters.cancel(id, waiter);
                    return await(accountId, id, deadline);
                }, Infrastructure.getDefaultWorkerPool());
    }

    private Duration parseWait(String wait) {
        if (wait == null || wait.isEmpty()) {
            return Duration.ZERO;
        }
        long seconds;
        try {
            seconds = Long.parseLong(wait);
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        long max = config.maxWait().toSeconds();
        if (seconds < 0 || seconds > max) {
            throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST, "wait must be a whole number of seconds from 0 to " + max + ".");
        }
        return Duration.ofSeconds(seconds);
    }

    private SubmittedImage decodeImage(String field, JsonNode node) {
        JsonNode data = node.isObject() ? node.get("data") : node;
        if (data == null || !data.isTextual()) {
            throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST,
                    field + " must be a base64 string or an object {\"data\": \"<base64>\"}.");
        }
        String text = data.textValue();
        int comma = text.indexOf(',');
        if (text.startsWith("data:") && comma > 0) {
            text = text.substring(comma + 1);
        }
        long decodedBytes = (long) text.length() * 3 / 4;
        if (decodedBytes > config.uploads().maxImageBytes() + 2) {
            throw new ApiException(413, "Content Too Large", ErrorCodes.PAYLOAD_TOO_LARGE,
                    field + ": image is larger than " + config.uploads().maxImageBytes() + " bytes.");
        }
        try {
            return SubmittedImage.ofBytes(field, Base64.getDecoder().decode(WHITESPACE.matcher(text).replaceAll("")));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST, field + " is not valid base64.");
        }
    }

    private Response accepted(JobEntity job) {
        return Response.accepted(views.toView(job)).location(URI.create("/v1/jobs/" + job.id)).build();
    }
}
