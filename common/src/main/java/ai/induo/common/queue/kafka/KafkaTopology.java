package ai.induo.common.queue.kafka;

import ai.induo.common.queue.QueueUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.jboss.logging.Logger;

/**
 * Creates what the Kafka adapters need, once per process start and before the first consumer joins:
 * the jobs and events topics, the dead-letter topic, and the share group's configuration. Idempotent
 * and safe to run from several processes at once.
 */
public final class KafkaTopology {

    private static final Logger LOG = Logger.getLogger(KafkaTopology.class);

    /** How long each admin request may take. */
    public static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    /** Events are hints that lose their use within minutes; a day covers any consumer restart. */
    public static final Duration EVENTS_RETENTION = Duration.ofDays(1);

    static final String SHARE_AUTO_OFFSET_RESET = "share.auto.offset.reset";
    static final String SHARE_DELIVERY_COUNT_LIMIT = "share.delivery.count.limit";
    static final String SHARE_RECORD_LOCK_DURATION = "share.record.lock.duration.ms";
    static final String DEAD_LETTER_TOPIC_NAME = "errors.deadletterqueue.topic.name";
    static final String DEAD_LETTER_COPY_RECORD = "errors.deadletterqueue.copy.record.enable";
    static final String DEAD_LETTER_TOPIC_ENABLE = "errors.deadletterqueue.group.enable";

    private static final int MAX_REPLICATION_FACTOR = 3;
    private static final int DEAD_LETTER_PARTITIONS = 1;

    private KafkaTopology() {
    }

    /**
     * Creates missing topics and sets the share group's configuration: read new groups from the
     * earliest offset (so no message published before the first worker joined is skipped), hold a
     * delivered message for {@link KafkaQueueSettings#lockDuration()}, archive after
     * {@link KafkaQueueSettings#deliveryLimit()} deliveries, and dead-letter rejected and
     * archived messages to {@link KafkaQueueSettings#deadLetterTopic()} where the broker supports
     * it (Kafka 4.4 and later; older brokers just archive them, which is logged).
     *
     * @throws QueueUnavailableException when the cluster does not answer in time or refuses
     * @throws IllegalArgumentException when the brokers do not allow the lock duration
     */
    public static void ensure(KafkaQueueSettings settings) {
        Admin admin = Admin.create(KafkaClientConfigs.admin(settings));
        try {
            short replicationFactor = replicationFactor(admin);
            createIfMissing(admin, List.of(
                    new NewTopic(settings.jobsTopic(), settings.partitions(), replicationFactor),
                    new NewTopic(settings.eventsTopic(), settings.partitions(), replicationFactor)
                            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG,
                                    Long.toString(EVENTS_RETENTION.toMillis())))));
            alter(admin, groupResource(settings), List.of(
                    set(SHARE_AUTO_OFFSET_RESET, "earliest"),
                    set(SHARE_DELIVERY_COUNT_LIMIT, Integer.toString(settings.deliveryLimit()))));
            setLockDuration(admin, settings);
            ensureDeadLetterTopic(admin, settings, replicationFactor);
        } catch (ExecutionException e) {
            throw new QueueUnavailableException("Kafka refused to set up topics and share group "
                    + settings.shareGroup() + " on " + settings.bootstrapServers(), e.getCause());
        } catch (TimeoutException e) {
            throw new QueueUnavailableException("Kafka at " + settings.bootstrapServers() + " did not answer within "
                    + ADMIN_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueUnavailableException("interrupted while setting up Kafka topics", e);
        } finally {
            admin.close(ADMIN_TIMEOUT);
        }
    }

    private static void setLockDuration(Admin admin, KafkaQueueSettings settings)
            throws ExecutionException, InterruptedException, TimeoutException {
        try {
            alter(admin, groupResource(settings),
                    List.of(set(SHARE_RECORD_LOCK_DURATION, Long.toString(settings.lockDuration().toMillis()))));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InvalidConfigurationException || e.getCause() instanceof InvalidRequestException) {
                throw new IllegalArgumentException("the Kafka brokers at " + settings.bootstrapServers()
                        + " do not allow a share-group record lock of " + settings.lockDuration() + " ("
                        + e.getCause().getMessage() + "); their group.share.min/max.record.lock.duration.ms bound it",
                        e.getCause());
            }
            throw e;
        }
    }

    private static void ensureDeadLetterTopic(Admin admin, KafkaQueueSettings settings, short replicationFactor)
            throws ExecutionException, InterruptedException, TimeoutException {
        String deadLetterTopic = settings.deadLetterTopic();
        try {
            createIfMissing(admin, List.of(new NewTopic(deadLetterTopic, DEAD_LETTER_PARTITIONS, replicationFactor)));
            alter(admin, new ConfigResource(ConfigResource.Type.TOPIC, deadLetterTopic),
                    List.of(set(DEAD_LETTER_TOPIC_ENABLE, "true")));
            alter(admin, groupResource(settings), List.of(
                    set(DEAD_LETTER_TOPIC_NAME, deadLetterTopic),
                    set(DEAD_LETTER_COPY_RECORD, "true")));
        } catch (ExecutionException e) {
            if (!isUnsupportedConfig(e.getCause())) {
                throw e;
            }
            LOG.warnf("Kafka at %s has no share-group dead-letter topics (%s); rejected and exhausted job messages "
                    + "are archived without a copy", settings.bootstrapServers(), e.getCause().getMessage());
        }
    }

    /** One replica on a one-broker cluster, otherwise as many as there are brokers up to three. */
    private static short replicationFactor(Admin admin)
            throws ExecutionException, InterruptedException, TimeoutException {
        int brokers = admin.describeCluster().nodes().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
        return (short) Math.max(1, Math.min(MAX_REPLICATION_FACTOR, brokers));
    }

    private static void createIfMissing(Admin admin, List<NewTopic> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, KafkaFuture<Void>> results = admin.createTopics(topics).values();
        List<String> created = new ArrayList<>();
        for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
            try {
                result.getValue().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                created.add(result.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        if (!created.isEmpty()) {
            LOG.infof("Created Kafka topics %s", created);
        }
    }

    private static void alter(Admin admin, ConfigResource resource, List<AlterConfigOp> ops)
            throws ExecutionException, InterruptedException, TimeoutException {
        admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static ConfigResource groupResource(KafkaQueueSettings settings) {
        return new ConfigResource(ConfigResource.Type.GROUP, settings.shareGroup());
    }

    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }

    private static boolean isUnsupportedConfig(Throwable cause) {
        return cause instanceof InvalidConfigurationException
                || cause instanceof InvalidRequestException
                || cause instanceof UnsupportedVersionException;
    }
}
