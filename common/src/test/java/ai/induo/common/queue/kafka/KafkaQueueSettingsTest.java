package ai.induo.common.queue.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaQueueSettingsTest {

    @Test
    void defaultsNameTheInduoTopicsAndGroup() {
        KafkaQueueSettings settings = KafkaQueueSettings.defaults("kafka:9092");

        assertThat(settings.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(settings.jobsTopic()).isEqualTo("induo.jobs");
        assertThat(settings.eventsTopic()).isEqualTo("induo.job-events");
        assertThat(settings.shareGroup()).isEqualTo("induo-workers");
        assertThat(settings.deliveryLimit()).isEqualTo(5);
        assertThat(settings.publishTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.deadLetterTopic()).isEqualTo("dlq.induo.jobs");
        assertThat(settings.clientOverrides()).isEmpty();
    }

    @Test
    void clientOverridesAreCopied() {
        Map<String, String> overrides = new HashMap<>(Map.of("security.protocol", "SSL"));
        KafkaQueueSettings settings = new KafkaQueueSettings("kafka:9092", "jobs", "events", 1, "workers", 5,
                KafkaQueueSettings.DEFAULT_LOCK_DURATION, Duration.ofSeconds(1), overrides);

        overrides.put("security.protocol", "PLAINTEXT");

        assertThat(settings.clientOverrides()).containsExactly(Map.entry("security.protocol", "SSL"));
    }

    @Test
    void blankTopicIsRefused() {
        assertThatThrownBy(() -> new KafkaQueueSettings("kafka:9092", " ", "events", 1, "workers", 5,
                KafkaQueueSettings.DEFAULT_LOCK_DURATION, Duration.ofSeconds(1), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jobsTopic must not be blank");
    }

    @Test
    void nonPositivePublishTimeoutIsRefused() {
        assertThatThrownBy(() -> new KafkaQueueSettings("kafka:9092", "jobs", "events", 1, "workers", 5,
                KafkaQueueSettings.DEFAULT_LOCK_DURATION, Duration.ZERO, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("publishTimeout");
    }
}
