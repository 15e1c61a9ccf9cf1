package ai.induo.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.induo.common.job.JobStatus;
import ai.induo.common.queue.JobEvent;
import ai.induo.common.queue.JobMessage;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void instantsAreWrittenAsIsoStrings() throws JsonProcessingException {
        String json = Json.mapper().writeValueAsString(Map.of("at", Instant.parse("2026-03-01T10:15:30.123Z")));

        assertThat(json).isEqualTo("{\"at\":\"2026-03-01T10:15:30.123Z\"}");
    }

    @Test
    void durationsAreWrittenAsIsoStrings() throws JsonProcessingException {
        assertThat(Json.mapper().writeValueAsString(Duration.ofSeconds(90))).isEqualTo("\"PT1M30S\"");
    }

    @Test
    void queueMessageRoundTrips() throws IOException {
        JobMessage message = JobMessage.of("job_1", "acct_1", "tryon-v1", 2, Instant.parse("2026-03-01T10:15:30Z"));

        byte[] json = message.toJson();

        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"enqueued_at\":\"2026-03-01T10:15:30Z\"");
        assertThat(JobMessage.fromJson(json)).isEqualTo(message);
    }

    @Test
    void jobEventRoundTrips() throws IOException {
        JobEvent event = JobEvent.of("job_1", "acct_1", JobStatus.SUCCEEDED, Instant.parse("2026-03-01T10:15:30Z"));

        byte[] json = event.toJson();

        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"status\":\"succeeded\"");
        assertThat(JobEvent.fromJson(json)).isEqualTo(event);
    }

    @Test
    void bytesThatAreAbsentNotJsonOrOfAnotherShapeAreAnIoException() {
        assertThatThrownBy(() -> JobMessage.fromJson(null)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> JobMessage.fromJson("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> JobEvent.fromJson("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> JobEvent.fromJson("{\"status\":\"no such status\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
    }

    @Test
    void unknownPropertiesFromANewerWriterAreIgnored() throws JsonProcessingException {
        String json = "{\"v\":1,\"job_id\":\"job_1\",\"account_id\":\"acct_1\",\"model\":\"m\",\"attempt\":1,"
                + "\"enqueued_at\":\"2026-03-01T10:15:30Z\",\"added_later\":{\"x\":1}}";

        assertThat(Json.mapper().readValue(json, JobMessage.class).jobId()).isEqualTo("job_1");
    }

    @Test
    void everyCallerSharesOneMapper() {
        assertThat(Json.mapper()).isSameAs(Json.mapper());
    }
}
