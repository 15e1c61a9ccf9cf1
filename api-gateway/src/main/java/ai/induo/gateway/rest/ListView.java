package ai.induo.gateway.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A list answer: {@code {"object": "list", "data": [...]}}. */
public record ListView<T>(@JsonProperty("object") String object, @JsonProperty("data") List<T> data) {

    static <T> ListView<T> of(List<T> data) {
        return new ListView<>("list", data);
    }
}
