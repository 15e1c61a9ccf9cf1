package ai.induo.platform.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.induo.common.queue.JobMessage;
import ai.induo.common.queue.pubsub.PubSubJobQueue;
import ai.induo.common.queue.pubsub.PubSubQueueSettings;
import ai.induo.platform.config.QueueConfig;
import ai.induo.stack.PubSubEmulatorProcess;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QueueSelectionTest {

    private static final String PROJECT = "induo-selection";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private static PubSubEmulatorProcess emulator;

    @BeforeAll
    static void startEmulator() {
        emulator = PubSubEmulatorProcess.start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @Test
    void kafkaIsTheDefaultAndPubSubIsChosenByName() {
        assertThat(QueueSelection.backend(config("kafka"))).isEqualTo(QueueConfig.KAFKA);
        assertThat(QueueSelection.backend(config("pubsub"))).isEqualTo(QueueConfig.PUBSUB);
    }

    @Test
    void anUnknownBackendStopsTheStartNamingTheSettingAndTheChoices() {
        assertThatThrownBy(() -> QueueSelection.backend(config("rabbitmq")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContainingAll("induo.queue.backend", "rabbitmq", "kafka", "pubsub");
    }

    @Test
    void pubSubWithoutAProjectStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> QueueSelection.pubsub(pubsub(Optional.empty(), "t", true), Duration.ofSeconds(60)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("induo.queue.pubsub.project-id");
    }

    @Test
    void aJobLeaseOutsidePubSubsAckDeadlineRangeStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> QueueSelection.pubsub(pubsub(Optional.of(PROJECT), "t", true), Duration.ofSeconds(5)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContainingAll("induo.jobs.lease", "leaseDuration");
    }

    @Test
    void missingTopicsStopTheStartNamingThemWhenTheServiceMayNotCreateThem() {
        String name = unique();

        assertThatThrownBy(() -> QueueSelection.pubsub(pubsub(Optional.of(PROJECT), name, false), Duration.ofSeconds(60)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContainingAll("projects/" + PROJECT + "/topics/jobs-" + name, "does not exist",
                        "create-topology");
    }

    @Test
    void createdTopologyCarriesJobsAndIsOnlyCheckedOnTheNextStart() {
        String name = unique();
        PubSubQueueSettings created = QueueSelection.pubsub(pubsub(Optional.of(PROJECT), name, true), Duration.ofSeconds(60));

        PubSubQueueSettings checked = QueueSelection.pubsub(pubsub(Optional.of(PROJECT), name, false), Duration.ofSeconds(60));
        try (PubSubJobQueue queue = new PubSubJobQueue(checked)) {
            queue.publish(JobMessage.of("job_" + name, "acct_selection", "tryon-v1", 1, Instant.now()));
            assertThat(queue.probe(PROBE_TIMEOUT)).contains("topics/jobs-" + name);
        }
        assertThat(created.workersSubscription()).isEqualTo("workers-" + name);
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static QueueConfig config(String backend) {
        return new TestQueueConfig(backend, pubsub(Optional.of(PROJECT), unique(), true));
    }

    private static QueueConfig.PubSub pubsub(Optional<String> project, String name, boolean create) {
        return new TestPubSub(project, "jobs-" + name, "events-" + name, "dead-letter-" + name, "workers-" + name,
                "dead-letter-" + name, PubSubQueueSettings.MIN_DELIVERY_ATTEMPTS, Duration.ofSeconds(5), create,
                Optional.of(emulator.hostPort()));
    }

    private record TestQueueConfig(String backend, QueueConfig.PubSub pubsub) implements QueueConfig {
    }

    private record TestPubSub(Optional<String> projectId, String jobsTopic, String eventsTopic, String deadLetterTopic,
            String workersSubscription, String deadLetterSubscription, int maxDeliveryAttempts,
            Duration publishTimeout, boolean createTopology, Optional<String> emulatorHost)
            implements QueueConfig.PubSub {
    }
}
