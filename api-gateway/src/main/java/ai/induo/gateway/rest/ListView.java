package ai.induo.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A list answer: {@code {"object": "list", "data": [...]}}, and for a paginated list
 * {@code "has_more"}: whether a next page exists.
 */
public record ListView<T>(
        @JsonProperty("object") String object,
        @JsonProperty("data") List<T> data,
        @JsonProperty("has_more") @JsonInclude(JsonInclude.Include.NON_NULL) Boolean hasMore) {

    static <T> ListView<T> of(List<T> data) {
        return new ListView<>("list", data, null);
    }

    static <T> ListView<T> page(List<T> data, boolean hasMore) {
        return new ListView<>("list", data, hasMore);
    }
}
