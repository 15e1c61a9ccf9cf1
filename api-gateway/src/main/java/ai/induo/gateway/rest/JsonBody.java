package ai.induo.gateway.rest;

import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A small JSON request object read strictly: a field this endpoint does not know is refused
 * ({@code 400 invalid_request}) rather than silently ignored, and so is a field of the wrong type.
 */
final class JsonBody {

    private final JsonNode body;

    private JsonBody(JsonNode body) {
        this.body = body;
    }

    /** The body, checked to be an object whose fields are among {@code fields}. */
    static JsonBody of(JsonNode body, List<String> fields) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest(ErrorCodes.MALFORMED_JSON, "Send a JSON object with the fields " + String.join(", ", fields) + ".");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST,
                        "Unknown field '" + name + "'; the fields are " + String.join(", ", fields) + ".");
            }
        }
        return new JsonBody(body);
    }

    /** The string field; empty when absent. */
    Optional<String> text(String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST, field + " must be a string.");
        }
        return Optional.of(value.textValue());
    }

    /** The boolean field; empty when absent. */
    Optional<Boolean> bool(String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST, field + " must be true or false.");
        }
        return Optional.of(value.booleanValue());
    }

    /** Whether the field is there, JSON {@code null} included. */
    boolean has(String field) {
        return body.has(field);
    }

    /** The integer field; null when absent or JSON {@code null} (tell the two apart with {@link #has}). */
    Integer nullableInteger(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isInt()) {
            throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST, field + " must be an integer or null.");
        }
        return value.intValue();
    }

    /** The string field, which must be there. */
    String requiredText(String field) {
        return text(field).orElseThrow(() -> ApiException.badRequest(ErrorCodes.INVALID_REQUEST, field + " is required."));
    }

    /** The array-of-strings field; empty when absent. */
    Optional<List<String>> texts(String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST, field + " must be an array of strings.");
        }
        List<String> texts = new ArrayList<>(value.size());
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST, field + " must be an array of strings.");
            }
            texts.add(element.textValue());
        }
        return Optional.of(texts);
    }
}
