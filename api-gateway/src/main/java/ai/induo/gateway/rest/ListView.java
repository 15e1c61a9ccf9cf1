package ai.induo.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A list answer: {@code {"object": "list", "data": [...]}}, and for a paginated list
 * {@code "has_more"}: whether a next page exists.
 */
public record ListView<T>(
        @Schema(required = true, enumeration = "list")
        @JsonProperty("object") String object,
        @Schema(required = true, description = "The items, newest first.")
        @JsonProperty("data") List<T> data,
        @Schema(description = "On a list read one page at a time: whether a next page exists. Pass the last `id` "
                + "of this page as `starting_after` to read it.")
        @JsonProperty("has_more") @JsonInclude(JsonInclude.Include.NON_NULL) Boolean hasMore) {

    static <T> ListView<T> of(List<T> data) {
        return new ListView<>("list", data, null);
    }

    /**
     * One page from {@code found}, which was read with {@code limit + 1} as its limit: the first
     * {@code limit} entries as views, and {@code has_more} when the extra one came.
     */
    static <E, T> ListView<T> page(List<E> found, int limit, Function<E, T> view) {
        boolean hasMore = found.size() > limit;
        return new ListView<>("list", (hasMore ? found.subList(0, limit) : found).stream().map(view).toList(), hasMore);
    }
}
