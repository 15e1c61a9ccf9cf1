package ai.induo.gateway.rest;

import ai.induo.gateway.account.Scope;
import ai.induo.gateway.auth.CurrentCaller;
import ai.induo.gateway.auth.RequiresScope;
import ai.induo.gateway.openapi.ApiDefinition;
import ai.induo.gateway.openapi.ProblemResponse;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import ai.induo.gateway.webhook.WebhookDeliveryQuery;
import ai.induo.gateway.webhook.WebhookDeliveryRepository;
import ai.induo.gateway.webhook.WebhookDeliveryService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The account's webhook deliveries with every attempt, and sending one again now. */
@Path("/v1/webhook-deliveries")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.ACCOUNT_ADMIN)
@Tag(name = ApiDefinition.WEBHOOK_DELIVERIES)
public class WebhookDeliveryResource {

    private static final String DELIVERY_ID = "The delivery's id, `dlv_…`.";
    private static final String NO_SUCH_DELIVERY = "no delivery with this id in the account (unknown, older than 30 "
            + "days, or another account's)";

    @Inject
    WebhookDeliveryRepository deliveries;

    @Inject
    WebhookDeliveryService deliveryService;

    @Inject
    CurrentCaller caller;

    /** One page of deliveries, newest first; {@code starting_after} is the last id of the previous page. */
    @GET
    @Operation(operationId = "listWebhookDeliveries", summary = "List webhook deliveries", description = "The "
            + "account's deliveries with every attempt, newest first, one page at a time; kept 30 days "
            + "(`induo.gateway.webhooks.delivery-retention`). Each parameter may be given once.")
    @Parameter(name = "job_id", in = ParameterIn.QUERY, description = "Only deliveries of this job's events.",
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "endpoint_id", in = ParameterIn.QUERY, description = "Only deliveries to this endpoint.",
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "status", in = ParameterIn.QUERY, description = "Only deliveries in this status.",
            schema = @Schema(type = SchemaType.STRING, enumeration = {"pending", "succeeded", "failed"}))
    @Parameter(ref = ApiDefinition.LIMIT)
    @Parameter(ref = ApiDefinition.STARTING_AFTER)
    @APIResponse(responseCode = "200", description = "One page of deliveries.")
    @ProblemResponse(status = 400, code = ErrorCodes.INVALID_REQUEST,
            when = "a parameter is unknown, repeated or malformed")
    public ListView<WebhookDeliveryView> list(@Context UriInfo uri) {
        WebhookDeliveryQuery query = WebhookDeliveryQuery.parse(uri.getQueryParameters());
        return ListView.page(deliveries.list(caller.accountId(), query.filter(), query.startingAfter(), query.limit() + 1),
                query.limit(), WebhookDeliveryView::of);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getWebhookDelivery", summary = "Get a webhook delivery",
            description = "One delivery with every attempt.")
    @APIResponse(responseCode = "200", description = "The delivery.")
    @ProblemResponse(status = 404, code = ErrorCodes.NOT_FOUND, when = NO_SUCH_DELIVERY)
    public WebhookDeliveryView get(@Parameter(description = DELIVERY_ID) @PathParam("id") String id) {
        return WebhookDeliveryView.of(deliveries.find(caller.accountId(), id)
                .orElseThrow(() -> ApiException.notFound("No such webhook delivery.")));
    }

    /** Sends the delivery again now and answers it with the new attempt. */
    @POST
    @Path("/{id}/retry")
    @Operation(operationId = "retryWebhookDelivery", summary = "Send a webhook delivery again", description = "Sends "
            + "the delivery again now, whatever its status, with the same `webhook-id`, and answers it with the new "
            + "attempt (`trigger: manual`). A manual attempt does not count against the schedule: when it fails, a "
            + "pending delivery keeps its next scheduled attempt.")
    @APIResponse(responseCode = "200", description = "The delivery with the new attempt.")
    @ProblemResponse(status = 404, code = ErrorCodes.NOT_FOUND, when = NO_SUCH_DELIVERY)
    @ProblemResponse(status = 409, code = ErrorCodes.WEBHOOK_ENDPOINT_DISABLED,
            when = "the delivery's endpoint is disabled or deleted; enable it first")
    @ProblemResponse(status = 409, code = ErrorCodes.WEBHOOK_DELIVERY_IN_PROGRESS,
            when = "an attempt of the delivery is in flight; retry after `Retry-After` seconds")
    public WebhookDeliveryView retry(@Parameter(description = DELIVERY_ID) @PathParam("id") String id) {
        return WebhookDeliveryView.of(deliveryService.retryNow(caller.accountId(), id));
    }
}
