package ai.induo.common.queue.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Kafka client properties of the adapters; {@link KafkaQueueSettings#clientOverrides()} win over all of them. */
final class KafkaClientConfigs {

    private static final String ACKNOWLEDGEMENT_MODE_EXPLICIT = "explicit";
    /** The dead-letter readers' consumer group: the share group's name and this. */
    static final String DEAD_LETTER_GROUP_SUFFIX = "-dead-letters";
    /** Never hand out more records in one poll than asked for (the default may round up to a batch). */
    private static final String ACQUIRE_MODE_RECORD_LIMIT = "record_limit";

    private KafkaClientConfigs() {
    }

    static Map<String, Object> admin(KafkaQueueSettings settings) {
        return withOverrides(settings, Map.of());
    }

    /** Durable, ordered-per-key and immediate: acks from all replicas, idempotence, no lingering. */
    static Map<String, Object> producer(KafkaQueueSettings settings) {
        int timeoutMs = Math.toIntExact(settings.publishTimeout().toMillis());
        return withOverrides(settings, Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs));
    }

    /** A share-group member that takes one record per poll and acknowledges each explicitly. */
    static Map<String, Object> shareConsumer(KafkaQueueSettings settings) {
        return withOverrides(settings, Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, settings.shareGroup(),
                ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, ACKNOWLEDGEMENT_MODE_EXPLICIT,
                ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, ACQUIRE_MODE_RECORD_LIMIT,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1));
    }

    /** A consumer outside any group: it reads what it is assigned from where it seeks. */
    static Map<String, Object> broadcastConsumer(KafkaQueueSettings settings) {
        return withOverrides(settings, Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"));
    }

    /** A consumer in the group that reads the dead-letter topic: each record goes to one member, from the earliest. */
    static Map<String, Object> deadLetterConsumer(KafkaQueueSettings settings) {
        return withOverrides(settings, Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, settings.shareGroup() + DEAD_LETTER_GROUP_SUFFIX,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
    }

    private static Map<String, Object> withOverrides(KafkaQueueSettings settings, Map<String, Object> own) {
        Map<String, Object> config = new HashMap<>(own);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.putAll(settings.clientOverrides());
        return config;
    }
}
