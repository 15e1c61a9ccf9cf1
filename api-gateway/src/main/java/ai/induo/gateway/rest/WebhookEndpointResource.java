package ai.induo.gateway.rest;

import ai.induo.gateway.account.Scope;
import ai.induo.gateway.auth.CurrentCaller;
import ai.induo.gateway.auth.RequiresScope;
import ai.induo.gateway.idempotency.Idempotent;
import ai.induo.gateway.openapi.ApiDefinition;
import ai.induo.gateway.openapi.ProblemResponse;
import ai.induo.gateway.problem.ErrorCodes;
import ai.induo.gateway.webhook.WebhookEndpointService;
import ai.induo.gateway.webhook.WebhookEndpointService.Changes;
import ai.induo.gateway.webhook.WebhookEndpointService.WithSecret;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The account's webhook endpoints: where job events go, each with its own signing secret. */
@Path("/v1/webhook-endpoints")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.ACCOUNT_ADMIN)
@Tag(name = ApiDefinition.WEBHOOK_ENDPOINTS)
public class WebhookEndpointResource {

    static final String URL = "url";
    static final String EVENT_TYPES = "event_types";
    static final String ENABLED = "enabled";
    static final String DESCRIPTION = "description";
    private static final List<String> FIELDS = List.of(URL, EVENT_TYPES, ENABLED, DESCRIPTION);
    private static final String ENDPOINT_ID = "The endpoint's id, `ep_…`.";
    private static final String NO_SUCH_ENDPOINT = "no endpoint with this id in the account (unknown, deleted, or another "
            + "account's)";

    @Inject
    WebhookEndpointService endpoints;

    @Inject
    CurrentCaller caller;

    /** The body of a new or changed endpoint, for the OpenAPI document; {@link #changes} reads it strictly. */
    @Schema(name = "WebhookEndpointFields", description = "An endpoint's fields. Making one needs `url`; changing one "
            + "changes the fields given. No other field is accepted.")
    record Fields(
            @Schema(maxLength = 2048, description = "Where events are sent: http or https, a public address. Required "
                    + "to make an endpoint.")
            @JsonProperty(URL) String url,
            @Schema(type = SchemaType.ARRAY, implementation = String.class,
                    description = "The event types to send here (`job.succeeded`, `job.failed`, `job.cancelled`, "
                            + "`job.expired`); every type when left out or empty.")
            @JsonProperty(EVENT_TYPES) List<String> eventTypes,
            @Schema(description = "Whether events are sent here; `true` when an endpoint is made without it. Setting "
                    + "it clears `disabled_reason`.")
            @JsonProperty(ENABLED) Boolean enabled,
            @Schema(maxLength = WebhookEndpointService.MAX_DESCRIPTION_CHARS, description = "What the endpoint is for.")
            @JsonProperty(DESCRIPTION) String description) {
    }

    /** A new endpoint; the answer is the only place its secret appears. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    @Operation(operationId = "createWebhookEndpoint", summary = "Add a webhook endpoint", description = "A new "
            + "endpoint for the account's job events, with its own `whsec_` signing secret. The answer "
            + "(`Cache-Control: no-store`) is the only place the secret is shown, except a replay for the same "
            + "`Idempotency-Key`. An account holds at most " + WebhookEndpointService.MAX_ENDPOINTS + " endpoints.")
    @APIResponseSchema(value = WebhookEndpointView.class, responseCode = "201",
            responseDescription = "The new endpoint, with `secret`.")
    @ProblemResponse(status = 400, code = ErrorCodes.INVALID_REQUEST, when = "a field has the wrong type, or another "
            + "field is sent")
    @ProblemResponse(status = 422, code = ErrorCodes.INVALID_WEBHOOK_URL,
            when = "`url` is missing, not an http(s) URL, has an IPv4 host not written as four decimal numbers "
                    + "(`0177.0.0.1`, `127.1`), or aims at a non-public address")
    @ProblemResponse(status = 422, code = ErrorCodes.INVALID_EVENT_TYPE, when = "`event_types` names an unknown type")
    @ProblemResponse(status = 422, code = ErrorCodes.INVALID_REQUEST, when = "`description` is too long")
    @ProblemResponse(status = 422, code = ErrorCodes.TOO_MANY_WEBHOOK_ENDPOINTS,
            when = "the account already holds its most endpoints; delete one first")
    public Response create(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Fields.class))) JsonNode body) {
        WithSecret created = endpoints.create(caller.accountId(), changes(body));
        return SecretAnswers.of(Response.Status.CREATED, WebhookEndpointView.withSecret(created.endpoint(), created.secret()));
    }

    @GET
    @Operation(operationId = "listWebhookEndpoints", summary = "List the webhook endpoints",
            description = "The account's endpoints, newest first, without `secret`.")
    @APIResponse(responseCode = "200", description = "The endpoints, all in one list.")
    public ListView<WebhookEndpointView> list() {
        return ListView.of(endpoints.list(caller.accountId()).stream().map(WebhookEndpointView::of).toList());
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getWebhookEndpoint", summary = "Get a webhook endpoint",
            description = "One endpoint, without `secret`.")
    @APIResponse(responseCode = "200", description = "The endpoint.")
    @ProblemResponse(status = 404, code = ErrorCodes.NOT_FOUND, when = NO_SUCH_ENDPOINT)
    public WebhookEndpointView get(@Parameter(description = ENDPOINT_ID) @PathParam("id") String id) {
        return WebhookEndpointView.of(endpoints.get(caller.accountId(), id));
    }

    /** Changes the fields given; a field left out stays. */
    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateWebhookEndpoint", summary = "Change a webhook endpoint", description = "Changes "
            + "the fields given, checked as when making one; a field left out stays. `enabled: true` turns an endpoint "
            + "disabled by a `410 Gone` back on.")
    @APIResponse(responseCode = "200", description = "The endpoint as it is now.")
    @ProblemResponse(status = 400, code = ErrorCodes.INVALID_REQUEST, when = "a field has the wrong type, or another "
            + "field is sent")
    @ProblemResponse(status = 404, code = ErrorCodes.NOT_FOUND, when = NO_SUCH_ENDPOINT)
    @ProblemResponse(status = 422, code = ErrorCodes.INVALID_WEBHOOK_URL,
            when = "`url` is not an http(s) URL, has an IPv4 host not written as four decimal numbers "
                    + "(`0177.0.0.1`, `127.1`), or aims at a non-public address")
    @ProblemResponse(status = 422, code = ErrorCodes.INVALID_EVENT_TYPE, when = "`event_types` names an unknown type")
    @ProblemResponse(status = 422, code = ErrorCodes.INVALID_REQUEST, when = "`description` is too long")
    public WebhookEndpointView update(@Parameter(description = ENDPOINT_ID) @PathParam("id") String id,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Fields.class))) JsonNode body) {
        return WebhookEndpointView.of(endpoints.update(caller.accountId(), id, changes(body)));
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteWebhookEndpoint", summary = "Delete a webhook endpoint", description = "Deletes "
            + "the endpoint; its pending deliveries end as `failed` at their next attempt.")
    @APIResponse(responseCode = "204", description = "The endpoint is deleted.")
    @ProblemResponse(status = 404, code = ErrorCodes.NOT_FOUND, when = NO_SUCH_ENDPOINT)
    public Response delete(@Parameter(description = ENDPOINT_ID) @PathParam("id") String id) {
        endpoints.delete(caller.accountId(), id);
        return Response.noContent().build();
    }

    /** A new secret, shown once; the previous one keeps signing next to it for 24 hours. */
    @POST
    @Path("/{id}/rotate-secret")
    @Idempotent
    @Operation(operationId = "rotateWebhookEndpointSecret", summary = "Rotate an endpoint's secret", description = "A "
            + "new signing secret, shown once (`Cache-Control: no-store`). For the next 24 hours "
            + "(`induo.gateway.webhooks.rotation-overlap`, shown as `previous_secret_expires_at`) every delivery carries "
            + "a signature with each secret, so the receiver can switch without losing events.")
    @APIResponseSchema(value = WebhookEndpointView.class, responseCode = "200",
            responseDescription = "The endpoint, with its new `secret`.")
    @ProblemResponse(status = 404, code = ErrorCodes.NOT_FOUND, when = NO_SUCH_ENDPOINT)
    public Response rotateSecret(@Parameter(description = ENDPOINT_ID) @PathParam("id") String id) {
        WithSecret rotated = endpoints.rotateSecret(caller.accountId(), id);
        return SecretAnswers.of(Response.Status.OK, WebhookEndpointView.withSecret(rotated.endpoint(), rotated.secret()));
    }

    private static Changes changes(JsonNode body) {
        JsonBody fields = JsonBody.of(body, FIELDS);
        return new Changes(fields.text(URL).orElse(null), fields.texts(EVENT_TYPES).orElse(null),
                fields.bool(ENABLED).orElse(null), fields.text(DESCRIPTION).orElse(null));
    }
}
