package ai.induo.common.queue.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how the Kafka adapters ({@link KafkaJobQueue}, {@link KafkaJobEventBus},
 * {@link KafkaTopology}) reach the cluster.
 *
 * @param bootstrapServers {@code host:port[,host:port]} of the cluster
 * @param jobsTopic topic of job messages, consumed by the share group
 * @param eventsTopic topic of job events, read by every subscriber
 * @param partitions partitions of each topic when {@link KafkaTopology} creates it; keep it below
 *     the number of consumers (see {@link #DEFAULT_PARTITIONS})
 * @param shareGroup share group the workers consume the jobs topic in
 * @param deliveryLimit deliveries of one message before the broker archives (dead-letters) it
 * @param lockDuration how long the share group leaves a delivered message with a consumer that
 *     neither settles nor renews it ({@code share.record.lock.duration.ms}, set on the group by
 *     {@link KafkaTopology}; the brokers allow 15 s to 60 s unless configured otherwise)
 * @param publishTimeout how long {@code publish} waits for the cluster to accept a message
 * @param clientOverrides extra Kafka client properties applied to every client last (for example
 *     security settings); their values are never logged by these adapters
 */
public record KafkaQueueSettings(
        String bootstrapServers,
        String jobsTopic,
        String eventsTopic,
        int partitions,
        String shareGroup,
        int deliveryLimit,
        Duration lockDuration,
        Duration publishTimeout,
        Map<String, String> clientOverrides) {

    public static final String DEFAULT_JOBS_TOPIC = "induo.jobs";
    public static final String DEFAULT_EVENTS_TOPIC = "induo.job-events";
    /**
     * One partition: a share group hands a partition to a single member while members do not
     * outnumber partitions, so a busy or crashed worker would hold back that partition's jobs.
     * Members share a partition once they outnumber it, and one partition carries far more job
     * messages than GPU workers can run.
     */
    public static final int DEFAULT_PARTITIONS = 1;
    public static final String DEFAULT_SHARE_GROUP = "induo-workers";
    public static final int DEFAULT_DELIVERY_LIMIT = 5;
    /** The brokers' own default record lock. */
    public static final Duration DEFAULT_LOCK_DURATION = Duration.ofSeconds(30);
    public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(10);
    /** Kafka only accepts dead-letter topics whose name starts with this. */
    public static final String DEAD_LETTER_PREFIX = "dlq.";

    public KafkaQueueSettings {
        requireText(bootstrapServers, "bootstrapServers");
        requireText(jobsTopic, "jobsTopic");
        requireText(eventsTopic, "eventsTopic");
        requireText(shareGroup, "shareGroup");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        if (deliveryLimit < 1) {
            throw new IllegalArgumentException("deliveryLimit must be at least 1, got " + deliveryLimit);
        }
        Objects.requireNonNull(lockDuration, "lockDuration");
        if (lockDuration.toMillis() < 1) {
            throw new IllegalArgumentException("lockDuration must be at least 1 ms, got " + lockDuration);
        }
        Objects.requireNonNull(publishTimeout, "publishTimeout");
        if (publishTimeout.isNegative() || publishTimeout.isZero()) {
            throw new IllegalArgumentException("publishTimeout must be positive, got " + publishTimeout);
        }
        clientOverrides = Map.copyOf(clientOverrides);
    }

    /** The default topics, group and limits on the given cluster. */
    public static KafkaQueueSettings defaults(String bootstrapServers) {
        return new KafkaQueueSettings(bootstrapServers, DEFAULT_JOBS_TOPIC, DEFAULT_EVENTS_TOPIC, DEFAULT_PARTITIONS,
                DEFAULT_SHARE_GROUP, DEFAULT_DELIVERY_LIMIT, DEFAULT_LOCK_DURATION, DEFAULT_PUBLISH_TIMEOUT, Map.of());
    }

    /** Where rejected job messages and those past {@link #deliveryLimit()} end up: {@code dlq.<jobsTopic>}. */
    public String deadLetterTopic() {
        return DEAD_LETTER_PREFIX + jobsTopic;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
