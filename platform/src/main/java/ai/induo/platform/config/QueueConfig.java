package ai.induo.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The job queue and job-event backend. Kafka's own settings are under {@code induo.queue.kafka}
 * ({@link KafkaConfig}); Pub/Sub's under {@code induo.queue.pubsub}. How long either holds a job's
 * message for its worker is the job lease, {@code induo.jobs.lease} ({@link JobsConfig}).
 */
@ConfigMapping(prefix = "induo.queue")
public interface QueueConfig {

    /** The {@link #backend()} on Apache Kafka share groups. */
    String KAFKA = "kafka";
    /** The {@link #backend()} on Google Cloud Pub/Sub. */
    String PUBSUB = "pubsub";

    /** Which backend: {@code kafka} or {@code pubsub}. */
    @WithDefault(KAFKA)
    String backend();

    /** Settings of the {@code pubsub} backend. */
    PubSub pubsub();

    /** The {@code pubsub} backend; credentials come from Application Default Credentials. */
    interface PubSub {

        /** The Google Cloud project holding the topics and subscriptions; required with the {@code pubsub} backend. */
        Optional<String> projectId();

        /** Topic of job messages. */
        @WithDefault("induo-jobs")
        String jobsTopic();

        /** Topic of job events (state changes). */
        @WithDefault("induo-job-events")
        String eventsTopic();

        /** Topic the workers' subscription dead-letters to. */
        @WithDefault("induo-jobs-dead-letter")
        String deadLetterTopic();

        /** The workers' subscription on the jobs topic. */
        @WithDefault("induo-workers")
        String workersSubscription();

        /** The gateways' subscription on the dead-letter topic. */
        @WithDefault("induo-jobs-dead-letter")
        String deadLetterSubscription();

        /** Deliveries of one job message before Pub/Sub dead-letters it (Pub/Sub allows 5 to 100). */
        @WithDefault("5")
        int maxDeliveryAttempts();

        /** How long a publish may wait for Pub/Sub before the request fails. */
        @WithDefault("10S")
        Duration publishTimeout();

        /**
         * Create missing topics and subscriptions at start (local and test use). Off: they are only
         * checked, and the start fails naming the missing one.
         */
        @WithDefault("false")
        boolean createTopology();

        /** host:port of a Pub/Sub emulator, reached over plaintext without credentials; absent in production. */
        Optional<String> emulatorHost();
    }
}
