package ai.induo.common.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

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
}
