package ai.induo.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code kafka} queue backend: a job topic consumed by a share group, and a job-event topic read
 * by every gateway. How long the share group holds a message is {@code induo.jobs.lease}.
 */
@ConfigMapping(prefix = "induo.queue.kafka")
public interface KafkaConfig {

    /** Broker addresses. */
    @WithDefault("127.0.0.1:9092")
    String bootstrapServers();

    /** Topic of job messages. */
    @WithDefault("induo.jobs")
    String jobsTopic();

    /** Topic of job events (state changes). */
    @WithDefault("induo.job-events")
    String eventsTopic();

    /**
     * Partitions of each topic when this service creates them. Keep the jobs topic below the number
     * of worker consumers: a share group gives a partition to one consumer at a time while there are
     * at least as many partitions as consumers, so a stuck consumer would hold its partition's jobs.
     */
    @WithDefault("1")
    int partitions();

    /** The workers' share group. */
    @WithDefault("induo-workers")
    String shareGroup();

    /** Deliveries of one job message before the share group gives up on it. */
    @WithDefault("5")
    int deliveryLimit();

    /** How long a publish may wait for the broker before the request fails. */
    @WithDefault("10S")
    Duration publishTimeout();

    /** Extra Kafka client properties (security settings in production), e.g. {@code induo.queue.kafka.client."security.protocol"=SSL}. */
    Map<String, String> client();
}
