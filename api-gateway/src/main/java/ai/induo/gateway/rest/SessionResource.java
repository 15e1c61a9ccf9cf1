package ai.induo.gateway.rest;

import ai.induo.gateway.auth.Authenticated;
import ai.induo.gateway.auth.CurrentCaller;
import ai.induo.gateway.limit.ClientRateLimited;
import ai.induo.gateway.openapi.ApiDefinition;
import ai.induo.gateway.openapi.ProblemResponse;
import ai.induo.gateway.problem.ErrorCodes;
import ai.induo.gateway.session.SessionService;
import ai.induo.gateway.session.SessionService.CreatedSession;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Dashboard sign-in (email and password for a short-lived session token) and sign-out. */
@Path("/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDefinition.SESSIONS)
public class SessionResource {

    static final String EMAIL = "email";
    static final String PASSWORD = "password";
    /** Counted as one client when the connection has no IP address (a Unix socket). */
    static final String UNKNOWN_CLIENT = "unknown";

    @Inject
    SessionService sessions;

    @Inject
    CurrentCaller caller;

    /** A new session token, shown this once. */
    @Schema(name = "Session", description = "A dashboard session.")
    public record SessionView(
            @Schema(required = true, enumeration = "session")
            @JsonProperty("object") String object,
            @Schema(required = true, description = "The session token, `sess_…`, shown this once: send it as "
                    + "`Authorization: Bearer <token>`. It holds every scope.")
            @JsonProperty("token") String token,
            @Schema(required = true, description = "When the token stops working.")
            @JsonProperty("expires_at") Instant expiresAt) {
    }

    /** The body of a sign-in, for the OpenAPI document; {@link #create} reads it strictly with {@link JsonBody}. */
    @Schema(name = "SessionCreation", description = "Sign-in. No other field is accepted.")
    record CreateRequest(
            @Schema(required = true, format = "email", description = "The account's email address.")
            @JsonProperty(EMAIL) String email,
            @Schema(required = true, format = "password", description = "The account's password.")
            @JsonProperty(PASSWORD) String password) {
    }

    /**
     * Signs in. The client address counted by the sign-in throttle is the connection's, or the one
     * the trusted proxy forwards when {@code quarkus.http.proxy.*} says there is one.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ClientRateLimited
    @Operation(operationId = "createSession", summary = "Sign in to the dashboard", description = "Trades the "
            + "account's email and password for a session token that works like an API key with every scope until it "
            + "expires (12 hours by default). Failed sign-ins are counted per email and per client address over 15 "
            + "minutes; past the limit, sign-in answers `429` until enough failures are older, even with the right "
            + "password.")
    @APIResponseSchema(value = SessionView.class, responseCode = "201", responseDescription = "The new session token.")
    @ProblemResponse(status = 400, code = ErrorCodes.INVALID_REQUEST,
            when = "`email` or `password` is missing or not a string, or another field is sent")
    @ProblemResponse(status = 401, code = ErrorCodes.INVALID_CREDENTIALS,
            when = "the email has no account or the password is wrong (the same answer for both)")
    @ProblemResponse(status = 429, code = ErrorCodes.TOO_MANY_ATTEMPTS, when = "too many failed sign-ins for the email "
            + "or from the client address; retry after `Retry-After` seconds")
    public Response create(
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CreateRequest.class))) JsonNode body,
            @Context HttpServerRequest request) {
        JsonBody fields = JsonBody.of(body, List.of(EMAIL, PASSWORD));
        SocketAddress client = request.remoteAddress();
        CreatedSession created = sessions.signIn(fields.requiredText(EMAIL), fields.requiredText(PASSWORD),
                client == null || client.hostAddress() == null ? UNKNOWN_CLIENT : client.hostAddress());
        return SecretAnswers.of(Response.Status.CREATED, new SessionView("session", created.token(), created.expiresAt()));
    }

    /** Signs out: the session token of this request stops working. */
    @DELETE
    @Path("/current")
    @Authenticated
    @Operation(operationId = "deleteCurrentSession", summary = "Sign out of the dashboard", description = "Ends the "
            + "session whose token authenticates this request, before it expires: from the next request on the token "
            + "answers `401`. Other sessions of the account go on. An API key is revoked with "
            + "`DELETE /v1/api-keys/{id}` instead.")
    @APIResponse(responseCode = "204", description = "The session is ended.")
    @ProblemResponse(status = 400, code = ErrorCodes.NOT_A_SESSION,
            when = "the request is authenticated with an API key, not a session token")
    public Response delete() {
        sessions.signOut(caller.get());
        return Response.noContent().build();
    }
}
