package ai.induo.gateway.job;

import ai.induo.common.json.Json;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Job metadata: a flat JSON object of string to string, kept for the customer's own reporting.
 * Wrong shape is {@code 400 invalid_metadata}; over the limits, or a key with a control character
 * (a NUL cannot even be stored), is {@code 422 invalid_metadata}.
 */
public final class Metadata {

    /** The most keys a job's metadata holds. */
    public static final int MAX_KEYS = 20;
    /** The longest key, in characters. */
    public static final int MAX_KEY_CHARS = 40;
    /** The longest value, in characters. */
    public static final int MAX_VALUE_CHARS = 500;

    private Metadata() {
    }

    /** Parses the multipart {@code metadata} field, a JSON object in text. */
    public static Map<String, String> parse(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        try {
            return fromJson(Json.mapper().readTree(text));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(ErrorCodes.INVALID_METADATA, "metadata must be a JSON object of string values.");
        }
    }

    /** Reads a JSON body's {@code metadata} member. */
    public static Map<String, String> fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw ApiException.badRequest(ErrorCodes.INVALID_METADATA, "metadata must be a JSON object of string values.");
        }
        if (node.size() > MAX_KEYS) {
            throw ApiException.unprocessable(ErrorCodes.INVALID_METADATA, "metadata has more than " + MAX_KEYS + " keys.");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isTextual()) {
                throw ApiException.badRequest(ErrorCodes.INVALID_METADATA,
                        "metadata values must be strings; '" + truncate(field.getKey()) + "' is not.");
            }
            String key = field.getKey();
            String value = field.getValue().textValue();
            if (key.isEmpty() || key.length() > MAX_KEY_CHARS || key.chars().anyMatch(Character::isISOControl)) {
                throw ApiException.unprocessable(ErrorCodes.INVALID_METADATA,
                        "metadata keys must have 1 to " + MAX_KEY_CHARS + " characters, none of them a control character.");
            }
            if (value.length() > MAX_VALUE_CHARS) {
                throw ApiException.unprocessable(ErrorCodes.INVALID_METADATA,
                        "metadata value of '" + key + "' is longer than " + MAX_VALUE_CHARS + " characters.");
            }
            metadata.put(key, value);
        }
        return metadata;
    }

    private static String truncate(String key) {
        return key.length() > MAX_KEY_CHARS ? key.substring(0, MAX_KEY_CHARS) + "…" : key;
    }
}
