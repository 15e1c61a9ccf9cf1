package ai.induo.gateway.rest;

import ai.induo.common.json.Json;
import ai.induo.gateway.account.Scope;
import ai.induo.gateway.auth.Authenticated;
import ai.induo.gateway.auth.CurrentCaller;
import ai.induo.gateway.auth.RequiresScope;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.idempotency.Idempotent;
import ai.induo.gateway.job.Deadline;
import ai.induo.gateway.job.InputFetcher;
import ai.induo.gateway.job.JobListQuery;
import ai.induo.gateway.job.JobService;
import ai.induo.gateway.job.JobWaiters;
import ai.induo.gateway.job.JsonBodyBudget;
import ai.induo.gateway.job.Metadata;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import ai.induo.platform.job.JobEntity;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Submitting, listing and cancelling jobs and reading their status. */
@Path("/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class JobResource {

    static final String METADATA = "metadata";
    static final String WEBHOOK_URL = "webhook_url";
    /** In a JSON submission, an image given as {@code {"url": "https://…"}}, fetched by the gateway. */
    static final String IMAGE_URL = "url";
    /** In a JSON submission, an image given as {@code {"data": "<base64>"}}. */
    static final String IMAGE_DATA = "data";
    /** Largest {@code metadata} part; far above what the metadata limits let through. */
    static final int MAX_METADATA_BYTES = 64 * 1024;
    /** Largest {@code webhook_url} part. */
    static final int MAX_WEBHOOK_URL_BYTES = 2 * 1024;
    /** Largest {@code expires_in} part; a valid one has at most five digits. */
    static final int MAX_EXPIRES_IN_BYTES = 64;
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    @Inject
    JobService jobs;

    @Inject
    JobViews views;

    @Inject
    InputFetcher fetcher;

    @Inject
    JsonBodyBudget jsonBodies;

    @Inject
    JobWaiters waiters;

    @Inject
    JobEventStreams eventStreams;

    @Inject
    CurrentCaller caller;

    @Inject
    GatewayConfig config;

    @Inject
    Clock clock;

    /**
     * A multipart submission, read part by part as it arrives: each image streams into encrypted
     * storage, so no image byte is written anywhere unencrypted and one over the byte limit is
     * refused as soon as it passes it. A refused submission leaves nothing stored.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    @RequiresScope(Scope.JOBS_WRITE)
    @Idempotent
    public Response submitMultipart(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        try {
            return submitParts(MultipartReader.open(contentType, body));
        } finally {
            MultipartReader.discardRest(body);
        }
    }

    private Response submitParts(MultipartReader form) {
        try (JobService.Intake intake = jobs.begin(caller.accountId())) {
            Map<String, String> metadata = null;
            String webhookUrl = null;
            Duration expiresIn = null;
            for (MultipartReader.Part part = form.next(); part != null; part = form.next()) {
                switch (part.name()) {
                    case JobService.PERSON_FIELD -> intake.addPerson(part.content());
                    case JobService.PRODUCTS_FIELD -> intake.addProduct(part.content());
                    case METADATA -> {
                        requireOnce(METADATA, metadata);
                        metadata = Metadata.parse(part.text(MAX_METADATA_BYTES));
                    }
                    case WEBHOOK_URL -> {
                        requireOnce(WEBHOOK_URL, webhookUrl);
                        webhookUrl = part.text(MAX_WEBHOOK_URL_BYTES);
                    }
                    case Deadline.FIELD -> {
                        requireOnce(Deadline.FIELD, expiresIn);
                        expiresIn = Deadline.parse(part.text(MAX_EXPIRES_IN_BYTES));
                    }
                    default -> throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST, "Unknown form field '"
                            + part.name() + "'; the fields are person_image, product_images, metadata, webhook_url and "
                            + "expires_in.");
                }
            }
            return accepted(intake.submit(metadata == null ? Map.of() : metadata, webhookUrl, expiresIn));
        }
    }

    /**
     * A JSON submission. The body is parsed whole, base64 images included, so it is read only once
     * it has its share of the gateway's {@link JsonBodyBudget}.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @RequiresScope(Scope.JOBS_WRITE)
    @Idempotent
    public Response submitJson(@HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength, InputStream body)
            throws IOException {
        try (JsonBodyBudget.Share share = jsonBodies.take(parseLength(contentLength))) {
            return submitJson(Json.mapper().readTree(body));
        }
    }

    private Response submitJson(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest(ErrorCodes.MALFORMED_JSON, "Send a JSON object.");
        }
        Map<String, String> metadata = Metadata.fromJson(body.get(METADATA));
        Duration expiresIn = Deadline.fromJson(body.get(Deadline.FIELD));
        JsonNode webhookUrl = body.get(WEBHOOK_URL);
        if (webhookUrl != null && !webhookUrl.isNull() && !webhookUrl.isTextual()) {
            throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST, "webhook_url must be a string.");
        }
        JsonNode products = body.get(JobService.PRODUCTS_FIELD);
        boolean hasProducts = products != null && !products.isNull();
        if (hasProducts) {
            if (!products.isArray()) {
                throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST, "product_images must be an array of images.");
            }
            jobs.checkProductCount(products.size());
        }
        try (JobService.Intake intake = jobs.begin(caller.accountId())) {
            if (body.hasNonNull(JobService.PERSON_FIELD)) {
                addImage(JobService.PERSON_FIELD, body.get(JobService.PERSON_FIELD), intake::addPerson);
            }
            for (int i = 0; hasProducts && i < products.size(); i++) {
                addImage(JobService.productField(i), products.get(i), intake::addProduct);
            }
            return accepted(intake.submit(metadata, webhookUrl == null ? null : webhookUrl.textValue(), expiresIn));
        }
    }

    /**
     * The caller's jobs, newest first, one page at a time: filtered by {@code status},
     * {@code metadata[key]=value}, {@code created_after} and {@code created_before}, paged with
     * {@code limit} and {@code starting_after} (the last job id of the previous page).
     */
    @GET
    @Blocking
    @RequiresScope(Scope.JOBS_READ)
    public ListView<JobView> list(@Context UriInfo uri) {
        JobListQuery query = JobListQuery.parse(uri.getQueryParameters());
        return ListView.page(jobs.list(caller.accountId(), query, query.limit() + 1), query.limit(), views::toView);
    }

    /** Cancels the job: at once when queued, as soon as its worker checks when running. */
    @POST
    @Path("/{id}/cancel")
    @Blocking
    @RequiresScope(Scope.JOBS_WRITE)
    public JobView cancel(@PathParam("id") String id) {
        return views.toView(jobs.cancel(caller.accountId(), id));
    }

    /**
     * The job. With {@code wait=N} (0–60 seconds) the answer is held until the job is terminal or N
     * seconds pass; the wait is woken by job events, not by polling the database.
     */
    @GET
    @Path("/{id}")
    @Blocking
    @RequiresScope(Scope.JOBS_READ)
    public CompletionStage<JobView> get(@PathParam("id") String id, @QueryParam("wait") String wait) {
        Duration waitFor = parseWait(wait);
        String accountId = caller.accountId();
        return await(accountId, id, clock.instant().plus(waitFor));
    }

    /**
     * A server-sent-event stream of the job's status: the job as it is now, then one event per status
     * change, woken by job events; it ends after a terminal status. Another account's job is a 404
     * before the stream starts.
     */
    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @RequiresScope(Scope.JOBS_READ)
    public Multi<OutboundSseEvent> events(@PathParam("id") String id, @Context Sse sse) {
        String accountId = caller.accountId();
        jobs.find(accountId, id);
        return eventStreams.open(accountId, id, sse);
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
            return CompletableFuture.completedFuture(views.toDetailView(job));
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

    /**
     * Hands the image of a JSON submission to {@code add}: decoded from base64, or, for
     * {@code {"url": …}}, streamed from the URL as it is fetched.
     */
    private void addImage(String field, JsonNode node, Consumer<InputStream> add) {
        JsonNode url = node.isObject() ? node.get(IMAGE_URL) : null;
        if (url == null) {
            add.accept(decodeImage(field, node));
            return;
        }
        if (!url.isTextual() || node.has(IMAGE_DATA)) {
            throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST,
                    field + " takes either \"data\" or \"url\", and \"url\" must be a string.");
        }
        try (InputFetcher.FetchedInput fetched = fetcher.open(field, url.textValue())) {
            add.accept(fetched);
        }
    }

    private InputStream decodeImage(String field, JsonNode node) {
        JsonNode data = node.isObject() ? node.get(IMAGE_DATA) : node;
        if (data == null || !data.isTextual()) {
            throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST, field
                    + " must be a base64 string, an object {\"data\": \"<base64>\"} or an object {\"url\": \"https://…\"}.");
        }
        String text = data.textValue();
        int comma = text.indexOf(',');
        if (text.startsWith("data:") && comma > 0) {
            text = text.substring(comma + 1);
        }
        long decodedBytes = (long) text.length() * 3 / 4;
        if (decodedBytes > config.uploads().maxImageBytes() + 2) {
            throw jobs.imageTooLarge(field);
        }
        try {
            return new ByteArrayInputStream(Base64.getDecoder().decode(WHITESPACE.matcher(text).replaceAll("")));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST, field + " is not valid base64.");
        }
    }

    /** A {@code Content-Length} header's value; -1 when there is none (a chunked body) or it is not a number. */
    private static long parseLength(String contentLength) {
        try {
            return contentLength == null ? -1 : Long.parseLong(contentLength.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void requireOnce(String field, Object earlier) {
        if (earlier != null) {
            throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST, field + " is given more than once.");
        }
    }

    private Response accepted(JobEntity job) {
        return Response.accepted(views.toDetailView(job)).location(URI.create("/v1/jobs/" + job.id)).build();
    }
}
