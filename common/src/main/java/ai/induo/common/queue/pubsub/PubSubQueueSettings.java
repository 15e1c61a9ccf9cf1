package ai.induo.common.queue.pubsub;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the Pub/Sub adapters ({@link PubSubJobQueue}, {@link PubSubJobEventBus},
 * {@link PubSubTopology}) reach Google Cloud Pub/Sub.
 *
 * @param projectId the Google Cloud project holding the topics and subscriptions
 * @param jobsTopic topic of job messages
 * @param eventsTopic topic of job events; each event-bus subscriber gets its own subscription on it
 * @param deadLetterTopic where rejected job messages and those past {@link #maxDeliveryAttempts()} go
 * @param workersSubscription the workers' subscription on {@link #jobsTopic()}, with a dead-letter
 *     policy to {@link #deadLetterTopic()}
 * @param deadLetterSubscription the subscription on {@link #deadLetterTopic()} that
 *     {@code subscribeDeadLetters} reads
 * @param maxDeliveryAttempts deliveries of one job message before Pub/Sub dead-letters it (5 to 100)
 * @param leaseDuration how long a delivery stays with a consumer that neither settles nor extends
 *     it; also the subscriptions' ack deadline (10 s to 600 s)
 * @param publishTimeout how long {@code publish} waits for Pub/Sub to return the message id
 * @param createTopology create missing topics and subscriptions at start (local and test use);
 *     otherwise only check that they exist
 * @param emulatorHost {@code host:port} of a Pub/Sub emulator, reached in plaintext without
 *     credentials; empty for Google Cloud with application default credentials
 */
public record PubSubQueueSettings(
        String projectId,
        String jobsTopic,
        String eventsTopic,
        String deadLetterTopic,
        String workersSubscription,
        String deadLetterSubscription,
        int maxDeliveryAttempts,
        Duration leaseDuration,
        Duration publishTimeout,
        boolean createTopology,
        Optional<String> emulatorHost) {

    public static final String DEFAULT_JOBS_TOPIC = "induo-jobs";
    public static final String DEFAULT_EVENTS_TOPIC = "induo-job-events";
    public static final String DEFAULT_DEAD_LETTER_TOPIC = "induo-jobs-dead-letter";
    public static final String DEFAULT_WORKERS_SUBSCRIPTION = "induo-workers";
    public static final String DEFAULT_DEAD_LETTER_SUBSCRIPTION = "induo-jobs-dead-letter";
    public static final int DEFAULT_MAX_DELIVERY_ATTEMPTS = 5;
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(60);
    public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(10);

    /** Pub/Sub's bounds on a dead-letter policy's max_delivery_attempts. */
    public static final int MIN_DELIVERY_ATTEMPTS = 5;
    public static final int MAX_DELIVERY_ATTEMPTS = 100;
    /** Pub/Sub's bounds on a subscription's ack deadline. */
    public static final Duration MIN_LEASE_DURATION = Duration.ofSeconds(10);
    public static final Duration MAX_LEASE_DURATION = Duration.ofSeconds(600);

    public PubSubQueueSettings {
        requireText(projectId, "projectId");
        requireText(jobsTopic, "jobsTopic");
        requireText(eventsTopic, "eventsTopic");
        requireText(deadLetterTopic, "deadLetterTopic");
        requireText(workersSubscription, "workersSubscription");
        requireText(deadLetterSubscription, "deadLetterSubscription");
        if (maxDeliveryAttempts < MIN_DELIVERY_ATTEMPTS || maxDeliveryAttempts > MAX_DELIVERY_ATTEMPTS) {
            throw new IllegalArgumentException("maxDeliveryAttempts must be between " + MIN_DELIVERY_ATTEMPTS + " and "
                    + MAX_DELIVERY_ATTEMPTS + ", got " + maxDeliveryAttempts);
        }
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        if (leaseDuration.compareTo(MIN_LEASE_DURATION) < 0 || leaseDuration.compareTo(MAX_LEASE_DURATION) > 0
                || leaseDuration.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("leaseDuration must be whole seconds between " + MIN_LEASE_DURATION
                    + " and " + MAX_LEASE_DURATION + ", got " + leaseDuration);
        }
        Objects.requireNonNull(publishTimeout, "publishTimeout");
        if (publishTimeout.isNegative() || publishTimeout.isZero()) {
            throw new IllegalArgumentException("publishTimeout must be positive, got " + publishTimeout);
        }
        Objects.requireNonNull(emulatorHost, "emulatorHost");
        emulatorHost.ifPresent(host -> requireText(host, "emulatorHost"));
    }

    /** The default names and limits in {@code projectId} on Google Cloud, topology only checked. */
    public static PubSubQueueSettings defaults(String projectId) {
        return new PubSubQueueSettings(projectId, DEFAULT_JOBS_TOPIC, DEFAULT_EVENTS_TOPIC, DEFAULT_DEAD_LETTER_TOPIC,
                DEFAULT_WORKERS_SUBSCRIPTION, DEFAULT_DEAD_LETTER_SUBSCRIPTION, DEFAULT_MAX_DELIVERY_ATTEMPTS,
                DEFAULT_LEASE_DURATION, DEFAULT_PUBLISH_TIMEOUT, false, Optional.empty());
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
