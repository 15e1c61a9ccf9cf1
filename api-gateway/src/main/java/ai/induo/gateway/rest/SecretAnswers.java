package ai.induo.gateway.rest;

import jakarta.ws.rs.core.Response;

/** Answers that carry a secret shown once (a key, a token, a signing secret): never stored by a cache. */
final class SecretAnswers {

    private SecretAnswers() {
    }

    /** {@code status} with {@code entity} and {@code Cache-Control: no-store}. */
    static Response of(Response.Status status, Object entity) {
        return Response.status(status).header("Cache-Control", "no-store").entity(entity).build();
    }
}
