package ai.induo.gateway.rest;

import ai.induo.gateway.account.Scope;
import ai.induo.gateway.auth.CurrentCaller;
import ai.induo.gateway.auth.RequiresScope;
import ai.induo.gateway.idempotency.Idempotent;
import ai.induo.gateway.webhook.WebhookEndpointService;
import ai.induo.gateway.webhook.WebhookEndpointService.Changes;
import ai.induo.gateway.webhook.WebhookEndpointService.WithSecret;
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

/** The account's webhook endpoints: where job events go, each with its own signing secret. */
@Path("/v1/webhook-endpoints")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.ACCOUNT_ADMIN)
public class WebhookEndpointResource {

    static final String URL = "url";
    static final String EVENT_TYPES = "event_types";
    static final String ENABLED = "enabled";
    static final String DESCRIPTION = "description";
    private static final List<String> FIELDS = List.of(URL, EVENT_TYPES, ENABLED, DESCRIPTION);

    @Inject
    WebhookEndpointService endpoints;

    @Inject
    CurrentCaller caller;

    /** A new endpoint; the answer is the only place its secret appears. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    public Response create(JsonNode body) {
        WithSecret created = endpoints.create(caller.accountId(), changes(body));
        return SecretAnswers.of(Response.Status.CREATED, WebhookEndpointView.withSecret(created.endpoint(), created.secret()));
    }

    @GET
    public ListView<WebhookEndpointView> list() {
        return ListView.of(endpoints.list(caller.accountId()).stream().map(WebhookEndpointView::of).toList());
    }

    @GET
    @Path("/{id}")
    public WebhookEndpointView get(@PathParam("id") String id) {
        return WebhookEndpointView.of(endpoints.get(caller.accountId(), id));
    }

    /** Changes the fields given; a field left out stays. */
    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public WebhookEndpointView update(@PathParam("id") String id, JsonNode body) {
        return WebhookEndpointView.of(endpoints.update(caller.accountId(), id, changes(body)));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        endpoints.delete(caller.accountId(), id);
        return Response.noContent().build();
    }

    /** A new secret, shown once; the previous one keeps signing next to it for 24 hours. */
    @POST
    @Path("/{id}/rotate-secret")
    @Idempotent
    public Response rotateSecret(@PathParam("id") String id) {
        WithSecret rotated = endpoints.rotateSecret(caller.accountId(), id);
        return SecretAnswers.of(Response.Status.OK, WebhookEndpointView.withSecret(rotated.endpoint(), rotated.secret()));
    }

    private static Changes changes(JsonNode body) {
        JsonBody fields = JsonBody.of(body, FIELDS);
        return new Changes(fields.text(URL).orElse(null), fields.texts(EVENT_TYPES).orElse(null),
                fields.bool(ENABLED).orElse(null), fields.text(DESCRIPTION).orElse(null));
    }
}
