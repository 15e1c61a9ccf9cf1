package ai.induo.gateway.rest;

import ai.induo.gateway.account.Scope;
import ai.induo.gateway.auth.CurrentCaller;
import ai.induo.gateway.auth.RequiresScope;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.webhook.WebhookDeliveryQuery;
import ai.induo.gateway.webhook.WebhookDeliveryRepository;
import ai.induo.gateway.webhook.WebhookDispatcher;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/** The account's webhook deliveries with every attempt, and sending one again now. */
@Path("/v1/webhook-deliveries")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.ACCOUNT_ADMIN)
public class WebhookDeliveryResource {

    @Inject
    WebhookDeliveryRepository deliveries;

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    CurrentCaller caller;

    /** One page of deliveries, newest first; {@code starting_after} is the last id of the previous page. */
    @GET
    public ListView<WebhookDeliveryView> list(@Context UriInfo uri) {
        WebhookDeliveryQuery query = WebhookDeliveryQuery.parse(uri.getQueryParameters());
        return ListView.page(deliveries.list(caller.accountId(), query.filter(), query.startingAfter(), query.limit() + 1),
                query.limit(), WebhookDeliveryView::of);
    }

    @GET
    @Path("/{id}")
    public WebhookDeliveryView get(@PathParam("id") String id) {
        return WebhookDeliveryView.of(deliveries.find(caller.accountId(), id)
                .orElseThrow(() -> ApiException.notFound("No such webhook delivery.")));
    }

    /** Sends the delivery again now and answers it with the new attempt. */
    @POST
    @Path("/{id}/retry")
    public WebhookDeliveryView retry(@PathParam("id") String id) {
        return WebhookDeliveryView.of(dispatcher.retryNow(caller.accountId(), id));
    }
}
