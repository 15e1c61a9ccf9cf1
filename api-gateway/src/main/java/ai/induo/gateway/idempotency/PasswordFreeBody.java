package ai.induo.gateway.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;

/**
 * A JSON request body read whole, split into what its digest covers and its password: the body
 * re-serialised without the password field (nothing of a body that is not a JSON object), so the
 * password never enters a digest, and the password itself, held in memory for the replay check.
 *
 * @param body the body as sent, for the resource to read
 * @param digested what the request's digest covers in place of the body
 * @param password the password field's text; null when the body has none
 */
record PasswordFreeBody(byte[] body, byte[] digested, String password) {

    /** Reads the body and takes {@code field} out of it. */
    static PasswordFreeBody read(InputStream in, String field, ObjectMapper json) throws IOException {
        byte[] body = in.readAllBytes();
        JsonNode parsed;
        try {
            parsed = json.readTree(body);
        } catch (JsonProcessingException e) {
            return new PasswordFreeBody(body, new byte[0], null);
        }
        if (!(parsed instanceof ObjectNode object)) {
            return new PasswordFreeBody(body, new byte[0], null);
        }
        JsonNode password = object.remove(field);
        return new PasswordFreeBody(body, json.writeValueAsBytes(object),
                password != null && password.isTextual() ? password.textValue() : null);
    }
}
