package ai.induo.gateway.rest;

import ai.induo.gateway.account.ApiKeyService;
import ai.induo.gateway.account.ApiKeyService.CreatedKey;
import ai.induo.gateway.account.Scope;
import ai.induo.gateway.auth.CurrentCaller;
import ai.induo.gateway.auth.RequiresScope;
import ai.induo.gateway.idempotency.Idempotent;
import ai.induo.gateway.openapi.ApiDefinition;
import ai.induo.gateway.openapi.ProblemResponse;
import ai.induo.gateway.problem.ErrorCodes;
import com.fasterxml.jackson.annotation.JsonProperty;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The account's API keys: create one (shown once), list them, revoke one. */
@Path("/v1/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.ACCOUNT_ADMIN)
@Tag(name = ApiDefinition.API_KEYS)
public class ApiKeyResource {

    static final String NAME = "name";
    static final String SCOPES = "scopes";

    @Inject
    ApiKeyService keys;

    @Inject
    CurrentCaller caller;

    /** The body of a new key, for the OpenAPI document; {@link #create} reads it strictly with {@link JsonBody}. */
    @Schema(name = "ApiKeyCreation", description = "A new API key. No other field is accepted.")
    record CreateRequest(
            @Schema(required = true, minLength = 1, maxLength = ApiKeyService.MAX_NAME_CHARS,
                    description = "What the key is for.")
            @JsonProperty(NAME) String name,
            @Schema(type = SchemaType.ARRAY, implementation = Scope.class, minItems = 1,
                    description = "What the key may do; every scope when left out.")
            @JsonProperty(SCOPES) List<String> scopes) {
    }

    /** A new key with the given scopes, or every scope when {@code scopes} is left out. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    @Operation(operationId = "createApiKey", summary = "Make an API key", description = "A new key with the given "
            + "scopes, or every scope when `scopes` is left out. The answer (`Cache-Control: no-store`) is the only "
            + "place the key is shown, except a replay for the same `Idempotency-Key`; only its SHA-256 and its prefix "
            + "are kept. An account holds at most 100 live keys (`induo.gateway.api-keys.max-per-account`).")
    @APIResponseSchema(value = ApiKeyView.class, responseCode = "201", responseDescription = "The new key, with `key`.")
    @ProblemResponse(status = 400, code = ErrorCodes.INVALID_REQUEST,
            when = "`name` is not a string, `scopes` not an array of strings, or another field is sent")
    @ProblemResponse(status = 422, code = ErrorCodes.INVALID_REQUEST, when = "`name` is missing, empty or too long")
    @ProblemResponse(status = 422, code = ErrorCodes.INVALID_SCOPE, when = "`scopes` is empty or names an unknown scope")
    @ProblemResponse(status = 422, code = ErrorCodes.TOO_MANY_API_KEYS,
            when = "the account already holds its most live keys; revoke one first")
    public Response create(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CreateRequest.class))) JsonNode body) {
        JsonBody fields = JsonBody.of(body, List.of(NAME, SCOPES));
        CreatedKey created = keys.create(caller.accountId(), fields.text(NAME).orElse(null),
                fields.texts(SCOPES).map(ApiKeyService::scopesNamed).orElse(Scope.ALL));
        return SecretAnswers.of(Response.Status.CREATED, ApiKeyView.withKey(created.entity(), created.key()));
    }

    @GET
    @Operation(operationId = "listApiKeys", summary = "List the API keys",
            description = "The account's live keys, newest first, without `key`.")
    @APIResponse(responseCode = "200", description = "The live keys, all in one list.")
    public ListView<ApiKeyView> list() {
        return ListView.of(keys.list(caller.accountId()).stream().map(ApiKeyView::of).toList());
    }

    /** Revokes the key at once, also the one this request is made with. */
    @DELETE
    @Path("/{id}")
    @Operation(operationId = "revokeApiKey", summary = "Revoke an API key", description = "Revokes the key at once, "
            + "the one this request is made with too: from the next request on it answers `401`.")
    @APIResponse(responseCode = "204", description = "The key is revoked.")
    @ProblemResponse(status = 404, code = ErrorCodes.NOT_FOUND,
            when = "no live key with this id in the account (unknown, revoked, or another account's)")
    public Response revoke(@Parameter(description = "The key's id, `key_…`.") @PathParam("id") String id) {
        keys.revoke(caller.accountId(), id);
        return Response.noContent().build();
    }
}
