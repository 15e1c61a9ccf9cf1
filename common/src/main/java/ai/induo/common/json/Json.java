package ai.induo.common.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * The one Jackson configuration shared by everything that is not a Quarkus REST endpoint: queue
 * messages, events and other JSON the modules exchange.
 *
 * <p>java.time values are written as ISO-8601 strings (never numeric timestamps), and unknown
 * properties are ignored so an older reader accepts a newer message.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    /**
     * The shared, thread-safe mapper. Do not reconfigure it; call {@code mapper().copy()} for a
     * variant.
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * {@code value} as JSON bytes, for the records the modules exchange (whose every field Jackson
     * writes).
     *
     * @throws IllegalArgumentException when Jackson cannot write it (a programming error)
     */
    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(value.getClass().getSimpleName() + " cannot be written as JSON", e);
        }
    }

    /**
     * Reads a {@code type} from JSON bytes received from another process.
     *
     * @throws IOException when {@code json} is absent, not JSON, or not a {@code type}
     */
    public static <T> T fromBytes(byte[] json, Class<T> type) throws IOException {
        if (json == null) {
            throw new IOException("no value");
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
