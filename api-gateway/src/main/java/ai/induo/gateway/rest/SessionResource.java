package ai.induo.gateway.rest;

import ai.induo.gateway.session.SessionService;
import ai.induo.gateway.session.SessionService.CreatedSession;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/** Dashboard sign-in: email and password for a short-lived session token. */
@Path("/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    static final String EMAIL = "email";
    static final String PASSWORD = "password";
    /** Counted as one client when the connection has no IP address (a Unix socket). */
    static final String UNKNOWN_CLIENT = "unknown";

    @Inject
    SessionService sessions;

    /** A new session token, shown this once. */
    public record SessionView(
            @JsonProperty("object") String object,
            @JsonProperty("token") String token,
            @JsonProperty("expires_at") Instant expiresAt) {
    }

    /**
     * Signs in. The client address counted by the sign-in throttle is the connection's, or the one
     * the trusted proxy forwards when {@code quarkus.http.proxy.*} says there is one.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode body, @Context HttpServerRequest request) {
        JsonBody fields = JsonBody.of(body, List.of(EMAIL, PASSWORD));
        SocketAddress client = request.remoteAddress();
        CreatedSession created = sessions.signIn(fields.requiredText(EMAIL), fields.requiredText(PASSWORD),
                client == null || client.hostAddress() == null ? UNKNOWN_CLIENT : client.hostAddress());
        return SecretAnswers.of(Response.Status.CREATED, new SessionView("session", created.token(), created.expiresAt()));
    }
}
