package ai.induo.platform.wiring;

import ai.induo.common.queue.kafka.KafkaQueueSettings;
import ai.induo.common.queue.kafka.KafkaTopology;
import ai.induo.common.queue.pubsub.PubSubQueueSettings;
import ai.induo.common.queue.pubsub.PubSubTopology;
import ai.induo.platform.config.KafkaConfig;
import ai.induo.platform.config.QueueConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.time.Duration;

/**
 * Reads which queue backend {@code induo.queue.backend} names and builds that backend's settings,
 * checking them and making sure its topics (and subscriptions) exist before any queue or event bus
 * is built on them.
 */
final class QueueSelection {

    private QueueSelection() {
    }

    /** The configured backend, {@link QueueConfig#KAFKA} or {@link QueueConfig#PUBSUB}. */
    static String backend(QueueConfig config) {
        String backend = config.backend();
        if (!QueueConfig.KAFKA.equals(backend) && !QueueConfig.PUBSUB.equals(backend)) {
            throw new ConfigurationException("unknown induo.queue.backend '" + backend + "': expected "
                    + QueueConfig.KAFKA + " or " + QueueConfig.PUBSUB);
        }
        return backend;
    }

    /**
     * The Kafka settings, once their topics exist and the share group reads from the earliest offset
     * and holds a delivered message for the job {@code lease}.
     *
     * @throws ConfigurationException when the brokers do not allow a record lock of {@code lease}
     */
    static KafkaQueueSettings kafka(KafkaConfig config, Duration lease) {
        KafkaQueueSettings settings = new KafkaQueueSettings(config.bootstrapServers(), config.jobsTopic(),
                config.eventsTopic(), config.partitions(), config.shareGroup(), config.deliveryLimit(), lease,
                config.publishTimeout(), config.client());
        try {
            KafkaTopology.ensure(settings);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("induo.jobs.lease=" + lease + " cannot be the Kafka share group's lock: "
                    + e.getMessage(), e);
        }
        return settings;
    }

    /**
     * The Pub/Sub settings, with the job {@code lease} as the ack deadline, once the topics and
     * subscriptions exist (created when {@code create-topology} is on, else checked).
     *
     * @throws ConfigurationException when a setting is missing or out of Pub/Sub's range, or a topic or
     *     subscription is missing
     */
    static PubSubQueueSettings pubsub(QueueConfig.PubSub config, Duration lease) {
        String project = config.projectId().filter(id -> !id.isBlank()).orElseThrow(() -> new ConfigurationException(
                "induo.queue.pubsub.project-id must be set when induo.queue.backend=" + QueueConfig.PUBSUB));
        PubSubQueueSettings settings;
        try {
            settings = new PubSubQueueSettings(project, config.jobsTopic(), config.eventsTopic(),
                    config.deadLetterTopic(), config.workersSubscription(), config.deadLetterSubscription(),
                    config.maxDeliveryAttempts(), lease, config.publishTimeout(),
                    config.createTopology(), config.emulatorHost().filter(host -> !host.isBlank()));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("invalid induo.queue.pubsub settings (with induo.jobs.lease=" + lease + "): "
                    + e.getMessage(), e);
        }
        try {
            PubSubTopology.ensure(settings);
        } catch (IllegalStateException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
        return settings;
    }
}
