package ai.induo.gateway.rest;

import ai.induo.gateway.account.ApiKeyService;
import ai.induo.gateway.account.ApiKeyService.CreatedKey;
import ai.induo.gateway.account.Scope;
import ai.induo.gateway.auth.CurrentCaller;
import ai.induo.gateway.auth.RequiresScope;
import ai.induo.gateway.idempotency.Idempotent;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The account's API keys: create one (shown once), list them, revoke one. */
@Path("/v1/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.ACCOUNT_ADMIN)
public class ApiKeyResource {

    static final String NAME = "name";
    static final String SCOPES = "scopes";

    @Inject
    ApiKeyService keys;

    @Inject
    CurrentCaller caller;

    /** A new key with the given scopes, or every scope when {@code scopes} is left out. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    public Response create(JsonNode body) {
        JsonBody fields = JsonBody.of(body, List.of(NAME, SCOPES));
        CreatedKey created = keys.create(caller.accountId(), fields.text(NAME).orElse(null),
                fields.texts(SCOPES).map(ApiKeyService::scopesNamed).orElse(Scope.ALL));
        return SecretAnswers.of(Response.Status.CREATED, ApiKeyView.withKey(created.entity(), created.key()));
    }

    @GET
    public ListView<ApiKeyView> list() {
        return ListView.of(keys.list(caller.accountId()).stream().map(ApiKeyView::of).toList());
    }

    /** Revokes the key at once, also the one this request is made with. */
    @DELETE
    @Path("/{id}")
    public Response revoke(@PathParam("id") String id) {
        keys.revoke(caller.accountId(), id);
        return Response.noContent().build();
    }
}
