package ai.induo.gateway.rest;

import ai.induo.common.job.Job;
import ai.induo.common.json.Json;
import ai.induo.common.net.CustomerUrls;
import ai.induo.gateway.account.Scope;
import ai.induo.gateway.auth.Authenticated;
import ai.induo.gateway.auth.CurrentCaller;
import ai.induo.gateway.auth.RequiresScope;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.idempotency.IdempotencyFilter;
import ai.induo.gateway.idempotency.Idempotent;
import ai.induo.gateway.idempotency.IdempotentRequest;
import ai.induo.gateway.job.Deadline;
import ai.induo.gateway.job.InputFetcher;
import ai.induo.gateway.job.JobListQuery;
import ai.induo.gateway.job.JobService;
import ai.induo.gateway.job.JsonBodyBudget;
import ai.induo.gateway.job.Metadata;
import ai.induo.gateway.limit.LargeBody;
import ai.induo.gateway.openapi.ApiDefinition;
import ai.induo.gateway.openapi.ProblemResponse;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import ai.induo.gateway.webhook.WebhookDestinations;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
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
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.Explode;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterStyle;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Submitting, listing and cancelling jobs and reading their status. */
@Path("/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = ApiDefinition.JOBS)
public class JobResource {

    static final String METADATA = "metadata";
    static final String WEBHOOK_URL = "webhook_url";
    /** In a JSON submission, an image given as {@code {"url": "https://…"}}, fetched by the gateway. */
    static final String IMAGE_URL = "url";
    /** In a JSON submission, an image given as {@code {"data": "<base64>"}}. */
    static final String IMAGE_DATA = "data";
    /** Largest {@code metadata} part; far above what the metadata limits let through. */
    static final int MAX_METADATA_BYTES = 64 * 1024;
    /** How both forms of a submission describe {@code webhook_url}. */
    static final String WEBHOOK_URL_DESCRIPTION = "Where to send the job's webhook when it ends: an `https` URL (plain "
            + "`http` only to destinations the operator allow-lists) of a public address, at most "
            + CustomerUrls.MAX_BYTES + " bytes.";
    /** Largest {@code expires_in} part; a valid one has at most five digits. */
    static final int MAX_EXPIRES_IN_BYTES = 64;
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** The multipart body of a submission, for the OpenAPI document; {@link #submitMultipart} reads it part by part. */
    @Schema(name = "JobSubmissionForm", description = "A job as `multipart/form-data`, read part by part in the order "
            + "sent: each image streams into encrypted storage and is checked before the next part is read. No other "
            + "field is accepted.")
    record FormSubmission(
            @Schema(required = true, type = SchemaType.STRING, format = "binary",
                    description = "The photo of the person: exactly one file.")
            @JsonProperty(JobService.PERSON_FIELD) byte[] personImage,
            @Schema(required = true, minItems = 1, maxItems = 4,
                    description = "The product photos: 1 to 4 files, the field repeated for each.")
            @JsonProperty(JobService.PRODUCTS_FIELD) List<byte[]> productImages,
            @Schema(description = "A JSON object of string values, as text of at most " + MAX_METADATA_BYTES
                    + " bytes; see `JobSubmission.metadata`.")
            @JsonProperty(METADATA) String metadata,
            @Schema(format = "uri", description = WEBHOOK_URL_DESCRIPTION)
            @JsonProperty(WEBHOOK_URL) String webhookUrl,
            @Schema(minimum = "1", maximum = "" + Deadline.MAX_SECONDS, description = "The deadline in whole seconds: "
                    + "a job no worker has started by then expires instead of running.")
            @JsonProperty(Deadline.FIELD) Long expiresIn) {
    }

    /** The JSON body of a submission, for the OpenAPI document; {@link #submitJson} reads it field by field. */
    @Schema(name = "JobSubmission", description = "A job as JSON.")
    record JsonSubmission(
            @Schema(required = true, description = "The photo of the person.")
            @JsonProperty(JobService.PERSON_FIELD) ImageInput personImage,
            @Schema(required = true, minItems = 1, maxItems = 4, description = "The product photos, 1 to 4.")
            @JsonProperty(JobService.PRODUCTS_FIELD) List<ImageInput> productImages,
            @Schema(maxProperties = Metadata.MAX_KEYS, description = "Kept with the job for your own reporting and "
                    + "filtering: at most " + Metadata.MAX_KEYS + " keys of 1 to " + Metadata.MAX_KEY_CHARS
                    + " characters, with string values of at most " + Metadata.MAX_VALUE_CHARS + " characters.")
            @JsonProperty(METADATA) Map<String, String> metadata,
            @Schema(format = "uri", description = WEBHOOK_URL_DESCRIPTION)
            @JsonProperty(WEBHOOK_URL) String webhookUrl,
            @Schema(minimum = "1", maximum = "" + Deadline.MAX_SECONDS, description = "The deadline in whole seconds: "
                    + "a job no worker has started by then expires instead of running.")
            @JsonProperty(Deadline.FIELD) Long expiresIn) {
    }

    /** An image of a JSON submission, for the OpenAPI document. */
    @Schema(name = "ImageInput", oneOf = {String.class, ImageData.class, ImageUrl.class}, description = "An image: "
            + "a base64 string (optionally a `data:` URL), `{\"data\": \"<base64>\"}`, or `{\"url\": \"https://…\"}`.")
    interface ImageInput {
    }

    /** An image given inline, for the OpenAPI document. */
    @Schema(name = "ImageData", description = "An image given inline.")
    record ImageData(
            @Schema(required = true, description = "The image in base64, optionally as a `data:` URL.")
            @JsonProperty(IMAGE_DATA) String data) {
    }

    /** An image given by URL, for the OpenAPI document. */
    @Schema(name = "ImageUrl", description = "An image Induo fetches with a `GET` as it takes the submission, under the "
            + "same limits as an upload.")
    record ImageUrl(
            @Schema(required = true, format = "uri", description = "An `https` URL (plain `http` only to destinations "
                    + "the operator allow-lists) of at most " + CustomerUrls.MAX_BYTES + " bytes whose host has only "
                    + "public addresses; at most 3 redirects, each checked the same way, and 10 seconds for the whole "
                    + "fetch.")
            @JsonProperty(IMAGE_URL) String url) {
    }

    @Inject
    JobService jobs;

    @Inject
    JobViews views;

    @Inject
    InputFetcher fetcher;

    @Inject
    WebhookDestinations webhookDestinations;

    @Inject
    JsonBodyBudget jsonBodies;

    @Inject
    JobLongPolls longPolls;

    @Inject
    JobEventStreams eventStreams;

    @Inject
    CurrentCaller caller;

    @Inject
    IdempotentRequest idempotentRequest;

    @Inject
    GatewayConfig config;

    /**
     * A multipart submission, read part by part as it arrives: each image streams into encrypted
     * storage, so no image byte is written anywhere unencrypted and one over the byte limit is
     * refused as soon as it passes it. A refused submission leaves nothing stored.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    @LargeBody
    @RequiresScope(Scope.JOBS_WRITE)
    @Idempotent
    @APIResponse(responseCode = "202", description = "The job, queued.")
    @ProblemResponse(status = 400, code = ErrorCodes.INVALID_REQUEST, when = "the multipart body is malformed (no "
            + "boundary, no part, a part without a name or with headers over 8 KiB, a body that ends inside a part), "
            + "has a field other than the documented ones, or repeats `metadata`, `webhook_url` or `expires_in`")
    @ProblemResponse(status = 413, code = ErrorCodes.PAYLOAD_TOO_LARGE,
            when = "`metadata` or `expires_in` is over its size; the `detail` names the field")
    public Response submitMultipart(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
                    schema = @Schema(implementation = FormSubmission.class))) InputStream body) {
        try {
            return submitParts(MultipartReader.open(contentType, body));
        } finally {
            MultipartReader.discardRest(body);
        }
    }

    private Response submitParts(MultipartReader form) {
        try (JobService.Intake intake = jobs.begin(caller.accountId(), idempotentRequest.binding())) {
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
                        webhookUrl = part.text(CustomerUrls.MAX_BYTES, () -> webhookDestinations.tooLong(WEBHOOK_URL));
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
     * A JSON submission. The operation it shares with {@link #submitMultipart} is described here, with the
     * error answers of both forms and those of JSON; {@link #submitMultipart} declares only its own. The
     * body is parsed whole, base64 images included, so it is read only once it has its share of the
     * gateway's {@link JsonBodyBudget}.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @LargeBody
    @RequiresScope(Scope.JOBS_WRITE)
    @Idempotent
    @Operation(operationId = "submitJob", summary = "Submit a job", description = "Submits a try-on job as "
            + "`multipart/form-data` (files) or JSON (base64 or URLs). Images are checked by their bytes: JPEG, PNG "
            + "or WebP, at most 10 MiB (`induo.gateway.uploads.max-image-bytes`) and 25 megapixels each. Whatever the "
            + "error, nothing of a refused submission is kept.")
    @APIResponse(responseCode = "202", description = "The job, queued.",
            headers = @Header(name = HttpHeaders.LOCATION, description = "The job's path, `/v1/jobs/{id}`.",
                    schema = @Schema(type = SchemaType.STRING, format = "uri-reference")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @ProblemResponse(status = 400, code = ErrorCodes.INVALID_REQUEST, when = "in JSON, `webhook_url` is not a string, "
            + "`product_images` not an array, or an image not valid base64, not one of the documented forms, or with "
            + "both `data` and `url`")
    @ProblemResponse(status = 400, code = ErrorCodes.INVALID_METADATA, when = "`metadata` is not a JSON object of "
            + "string values")
    @ProblemResponse(status = 413, code = ErrorCodes.PAYLOAD_TOO_LARGE, when = "an image is over the byte limit; the "
            + "`detail` names it, e.g. `product_images[0]`")
    @ProblemResponse(status = 415, code = ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
            when = "an image is not JPEG, PNG or WebP by its bytes")
    @ProblemResponse(status = 422, code = ErrorCodes.INVALID_REQUEST,
            when = "`expires_in` is not a whole number of seconds from 1 to " + Deadline.MAX_SECONDS + ", or, in JSON, "
                    + "an image's `url` is over " + CustomerUrls.MAX_BYTES + " bytes, not an absolute http(s) URL or has "
                    + "an IPv4 host not written as four decimal numbers (`0177.0.0.1`, `127.1`); the `detail` names the "
                    + "image")
    @ProblemResponse(status = 422, code = ErrorCodes.MISSING_IMAGE, when = "no `person_image`, or no `product_images`")
    @ProblemResponse(status = 422, code = ErrorCodes.TOO_MANY_IMAGES,
            when = "more than one person image or more than 4 product images")
    @ProblemResponse(status = 422, code = ErrorCodes.IMAGE_TOO_LARGE, when = "an image has more pixels than allowed")
    @ProblemResponse(status = 422, code = ErrorCodes.INVALID_IMAGE, when = "an image is unreadable, truncated or "
            + "damaged: its header, a PNG's chunks and their CRCs through `IEND`, a JPEG's segments through its "
            + "end-of-image marker or a WebP's RIFF size do not hold; the `detail` names the image")
    @ProblemResponse(status = 422, code = ErrorCodes.INPUT_FETCH_FAILED, when = "in JSON, an image given by `url` "
            + "could not be fetched: not an allowed destination (plain `http` to a destination not allow-listed "
            + "included; a host that does not resolve gets the answer of one with a private address), a non-2xx "
            + "answer, too many redirects, a failed connection or a timeout; the `detail` names the image")
    @ProblemResponse(status = 422, code = ErrorCodes.INVALID_METADATA, when = "`metadata` has too many keys, or a key "
            + "or value too long")
    @ProblemResponse(status = 422, code = ErrorCodes.INVALID_WEBHOOK_URL,
            when = "`webhook_url` is over " + CustomerUrls.MAX_BYTES + " bytes (in both forms), not an http(s) URL, "
                    + "has an IPv4 host not written as four decimal numbers (`0177.0.0.1`, `127.1`), is plain `http` to a "
                    + "destination not allow-listed, or aims at a non-public address")
    @ProblemResponse(status = 429, code = ErrorCodes.TOO_MANY_ACTIVE_JOBS, when = "the account already has its plan's "
            + "most jobs queued or running; retry after `Retry-After` seconds")
    @ProblemResponse(status = 503, code = ErrorCodes.SERVICE_UNAVAILABLE, when = "JSON submissions already fill the "
            + "gateway's memory budget for JSON bodies (`induo.gateway.uploads.json-body-budget`) for 30 s, or the job "
            + "queue is down and too many accepted jobs wait for it; retry after `Retry-After` seconds")
    public Response submitJson(@HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = JsonSubmission.class))) InputStream body) throws IOException {
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
        try (JobService.Intake intake = jobs.begin(caller.accountId(), idempotentRequest.binding())) {
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
    @Operation(operationId = "listJobs", summary = "List jobs", description = "The account's jobs, newest first, one "
            + "page at a time. Each parameter may be given once; pages are ordered by job id, so jobs submitted while "
            + "you page do not shift the pages not read yet. `queue_position` is always `null` here.")
    @Parameter(name = "status", in = ParameterIn.QUERY, description = "Only jobs in this status.",
            schema = @Schema(type = SchemaType.STRING,
                    enumeration = {"queued", "running", "succeeded", "failed", "cancelled", "expired"}))
    @Parameter(name = "metadata", in = ParameterIn.QUERY, style = ParameterStyle.DEEPOBJECT, explode = Explode.TRUE,
            description = "`metadata[key]=value`: only jobs whose metadata has this value under `key`; repeat with "
                    + "other keys to require all. A key has 1 to " + Metadata.MAX_KEY_CHARS + " characters, without "
                    + "`.` and not starting with `$`.",
            schema = @Schema(type = SchemaType.OBJECT, additionalProperties = String.class))
    @Parameter(ref = ApiDefinition.CREATED_AFTER)
    @Parameter(ref = ApiDefinition.CREATED_BEFORE)
    @Parameter(ref = ApiDefinition.LIMIT)
    @Parameter(ref = ApiDefinition.STARTING_AFTER)
    @APIResponse(responseCode = "200", description = "One page of jobs.")
    @ProblemResponse(status = 400, code = ErrorCodes.INVALID_REQUEST,
            when = "a parameter is unknown, repeated or malformed")
    public ListView<JobView> list(@Context UriInfo uri) {
        JobListQuery query = JobListQuery.parse(uri.getQueryParameters());
        return ListView.page(jobs.list(caller.accountId(), query, query.limit() + 1), query.limit(), views::toView);
    }

    /** Cancels the job: at once when queued, as soon as its worker checks when running. */
    @POST
    @Path("/{id}/cancel")
    @Blocking
    @RequiresScope(Scope.JOBS_WRITE)
    @Operation(operationId = "cancelJob", summary = "Cancel a job", description = "A queued job never runs; a running "
            + "job is cancelled at once and whatever its worker produces is discarded. Long-polls on the job return "
            + "and its webhook is sent with type `job.cancelled`. No body.")
    @APIResponse(responseCode = "200", description = "The job, now `cancelled`.")
    @ProblemResponse(status = 404, code = ErrorCodes.NOT_FOUND, when = "no job with this id in the account")
    @ProblemResponse(status = 409, code = ErrorCodes.JOB_NOT_CANCELLABLE, when = "the job has already ended")
    public JobView cancel(@Parameter(description = "The job's id, `job_…`.") @PathParam("id") String id) {
        return views.toView(jobs.cancel(caller.accountId(), id));
    }

    /**
     * The job. With {@code wait=N} (0–60 seconds) the answer is held until the job is terminal or N
     * seconds pass ({@link JobLongPolls}).
     */
    @GET
    @Path("/{id}")
    @Blocking
    @RequiresScope(Scope.JOBS_READ)
    @Operation(operationId = "getJob", summary = "Read a job", description = "The job, with `queue_position` while it "
            + "is queued. With `wait` the answer is held until the job is final or the seconds pass; while it is held "
            + "it counts against the account's open long-polls and event streams (the plan's `max-streams`, 100 by "
            + "default).")
    @APIResponse(responseCode = "200", description = "The job.")
    @ProblemResponse(status = 400, code = ErrorCodes.INVALID_REQUEST, when = "`wait` is not a whole number of seconds "
            + "from 0 to the longest wait")
    @ProblemResponse(status = 404, code = ErrorCodes.NOT_FOUND, when = "no job with this id in the account")
    @ProblemResponse(status = 429, code = ErrorCodes.TOO_MANY_STREAMS, when = "with `wait` above 0, the account already "
            + "holds its plan's most long-polls and event streams open; retry after `Retry-After` seconds")
    public CompletionStage<JobView> get(
            @Parameter(description = "The job's id, `job_…`.") @PathParam("id") String id,
            @Parameter(description = "Seconds to hold the answer until the job is final (`induo.gateway.max-wait`, "
                    + "60 by default, is the most); woken by job events, not by polling.",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "60", defaultValue = "0"))
            @QueryParam("wait") String wait) {
        return longPolls.answer(caller.accountId(), id, parseWait(wait));
    }

    /**
     * A server-sent-event stream of the job's status: the job as it is now, then one event per status
     * change, woken by job events; it ends after a terminal status. Another account's job is a 404
     * before the stream starts ({@link JobEventStreams}).
     */
    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @RequiresScope(Scope.JOBS_READ)
    @Operation(operationId = "streamJobEvents", summary = "Follow a job's status changes", description = "A "
            + "server-sent-event stream: first the job as it is, then one event per status change, none skipped, "
            + "until an event of a final status. Each event is named `job.<status>`, its `data` is the job (as `getJob` "
            + "answers it) and its `id` the job's version. A `: keep-alive` comment follows 15 seconds without an "
            + "event; the stream closes after an hour at the latest, and a reconnect starts with the job as it is. An open "
            + "stream counts against the account's open long-polls and event streams (the plan's `max-streams`, 100 by "
            + "default).")
    @APIResponse(responseCode = "200", description = "The stream of the job's status changes.",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING,
                    description = "Events `job.<status>` whose `data` is a `Job` in JSON.")))
    @ProblemResponse(status = 404, code = ErrorCodes.NOT_FOUND,
            when = "no job with this id in the account (answered before the stream starts)")
    @ProblemResponse(status = 429, code = ErrorCodes.TOO_MANY_STREAMS, when = "the account already holds its plan's "
            + "most long-polls and event streams open; retry after `Retry-After` seconds")
    public Multi<OutboundSseEvent> events(@Parameter(description = "The job's id, `job_…`.") @PathParam("id") String id,
            @Context Sse sse) {
        String accountId = caller.accountId();
        jobs.find(accountId, id);
        return eventStreams.open(accountId, id, sse);
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

    /** {@code 202} with the job; {@code Idempotent-Replayed} when its idempotency key had stored it before. */
    private Response accepted(JobService.Submitted submitted) {
        Job job = submitted.job();
        Response.ResponseBuilder answer = Response.accepted(submitted.replayed() ? views.toDetailView(job) : views.toSubmittedView(job)).location(URI.create("/v1/jobs/" + job.id()));
        if (submitted.replayed()) {
            answer.header(IdempotencyFilter.REPLAYED_HEADER, "true");
        }
        return answer.build();
    }
}
