package ai.induo.common.queue.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.induo.common.queue.Delivery;
import ai.induo.common.queue.JobEventBus;
import ai.induo.common.queue.JobMessage;
import ai.induo.common.queue.JobQueue;
import ai.induo.common.queue.JobQueueContractTest;
import ai.induo.stack.PubSubEmulatorProcess;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Subscription;
import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The queue contract against Google's Pub/Sub emulator. The emulator keeps nothing across a
 * restart, so {@link #startBackend()} creates the test's topics and subscriptions again (messages
 * unacknowledged at the outage are lost there, unlike on Pub/Sub itself); and it never notices a
 * closed subscriber (see {@link #backendNoticesClosedSubscriptions()}), so lease extension is also
 * checked here between two subscribers that stay open.
 */
class PubSubJobQueueTest extends JobQueueContractTest {

    private static final String PROJECT = "induo-test";
    /** Pub/Sub's shortest ack deadline, so lease expiry and extension are seen in seconds. */
    private static final Duration LEASE_DURATION = PubSubQueueSettings.MIN_LEASE_DURATION;
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(2);
    /** Pub/Sub's smallest max_delivery_attempts. */
    private static final int DELIVERY_LIMIT = PubSubQueueSettings.MIN_DELIVERY_ATTEMPTS;

    private static PubSubEmulatorProcess emulator;

    private PubSubQueueSettings settings;

    @BeforeAll
    static void startEmulator() {
        emulator = PubSubEmulatorProcess.start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @Override
    protected JobQueue newQueue() {
        String name = "t" + UUID.randomUUID();
        settings = new PubSubQueueSettings(PROJECT, "jobs-" + name, "events-" + name, "dead-letter-" + name,
                "workers-" + name, "dead-letter-" + name, DELIVERY_LIMIT, LEASE_DURATION, PUBLISH_TIMEOUT, true,
                Optional.of(emulator.hostPort()));
        PubSubTopology.ensure(settings);
        return new PubSubJobQueue(settings);
    }

    @Override
    protected JobEventBus newEventBus() {
        return new PubSubJobEventBus(settings);
    }

    @Override
    protected Duration publishTimeout() {
        return PUBLISH_TIMEOUT;
    }

    @Override
    protected int deliveryLimit() {
        return DELIVERY_LIMIT;
    }

    /**
     * The emulator (0.8.20) fails on every streaming pull the client ends: its gRPC server throws
     * NoSuchMethodError ({@code InternalStatus.asRuntimeException}) when the stream is reset or its
     * connection closes, so it keeps handing messages to the closed subscriber.
     */
    @Override
    protected boolean backendNoticesClosedSubscriptions() {
        return false;
    }

    /**
     * The client sends its flow control ({@code max_outstanding_messages}) with the streaming pull,
     * and Pub/Sub stops sending past it; the emulator streams the next message to a subscriber whose
     * only slot is busy, where it waits (its deadline extended by the client) while another
     * subscriber gets nothing (measured: 30 s).
     */
    @Override
    protected boolean backendHonoursStreamingFlowControl() {
        return false;
    }

    @Test
    void extendedLeaseKeepsTheMessageFromTheOtherSubscriberPastTheLeaseDuration() {
        JobMessage job = aJob();
        AtomicReference<Delivery> holder = new AtomicReference<>();
        Queue<Delivery> elsewhere = new ConcurrentLinkedQueue<>();
        ScheduledExecutorService extender = Executors.newSingleThreadScheduledExecutor();
        closeAfterTest(extender::shutdownNow);
        Consumer<Delivery> holdAndExtend = delivery -> {
            if (holder.compareAndSet(null, delivery)) {
                long period = LEASE_DURATION.toMillis() / 3;
                extender.scheduleAtFixedRate(delivery::extendLease, period, period, TimeUnit.MILLISECONDS);
            } else {
                elsewhere.add(delivery);
            }
        };
        closeAfterTest(queue.subscribe(1, holdAndExtend::accept));
        closeAfterTest(queue.subscribe(1, holdAndExtend::accept));

        queue.publish(job);
        await().atMost(DELIVERY_TIMEOUT).until(() -> holder.get() != null);
        Duration twoLeases = LEASE_DURATION.multipliedBy(2);
        await().during(twoLeases).atMost(twoLeases.plusSeconds(5)).until(elsewhere::isEmpty);
        holder.get().ack();

        assertThat(holder.get().message()).isEqualTo(job);
        assertThat(holder.get().deliveryCount()).isEqualTo(1);
    }

    @Test
    void malformedMessageIsDeadLetteredWithoutReachingTheHandler() throws Exception {
        JobMessage valid = aJob();
        try (PubSubClients clients = new PubSubClients(settings)) {
            Publisher raw = clients.publisher(settings.jobsTopic());
            try {
                raw.publish(PubsubMessage.newBuilder()
                        .setData(ByteString.copyFromUtf8("{not json"))
                        .putAttributes(PubSubJobQueue.JOB_ID_ATTRIBUTE, "job_garbled")
                        .build()).get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                raw.shutdown();
            }
            queue.publish(valid);
            Queue<Delivery> received = new ConcurrentLinkedQueue<>();
            closeAfterTest(queue.subscribe(2, delivery -> {
                received.add(delivery);
                delivery.ack();
            }));
            Queue<String> deadLettered = new ConcurrentLinkedQueue<>();
            PubSubClients.RunningSubscriber deadLetterReader = clients.subscriber(settings.deadLetterSubscription(),
                    (message, reply) -> {
                        deadLettered.add(message.getAttributesOrDefault(PubSubJobQueue.JOB_ID_ATTRIBUTE, ""));
                        reply.ack();
                    }, builder -> builder).start();
            try {
                await().atMost(DELIVERY_TIMEOUT).until(() -> deadLettered.contains("job_garbled"));
                await().atMost(DELIVERY_TIMEOUT).until(() -> received.size() == 1);
            } finally {
                deadLetterReader.stop();
            }
            assertThat(received.peek().message()).isEqualTo(valid);
        }
    }

    @Test
    void topologyThatIsOnlyCheckedNamesTheMissingTopic() {
        PubSubQueueSettings unconfigured = new PubSubQueueSettings(PROJECT, "missing-" + UUID.randomUUID(),
                settings.eventsTopic(), settings.deadLetterTopic(), settings.workersSubscription(),
                settings.deadLetterSubscription(), DELIVERY_LIMIT, LEASE_DURATION, PUBLISH_TIMEOUT, false,
                Optional.of(emulator.hostPort()));

        assertThatThrownBy(() -> PubSubTopology.ensure(unconfigured))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("projects/" + PROJECT + "/topics/" + unconfigured.jobsTopic())
                .hasMessageContaining("does not exist");
    }

    @Test
    void checkedTopologyAcceptsWhatWasCreatedAndTheWorkersSubscriptionDeadLetters() throws Exception {
        PubSubQueueSettings checkOnly = new PubSubQueueSettings(PROJECT, settings.jobsTopic(), settings.eventsTopic(),
                settings.deadLetterTopic(), settings.workersSubscription(), settings.deadLetterSubscription(),
                DELIVERY_LIMIT, LEASE_DURATION, PUBLISH_TIMEOUT, false, Optional.of(emulator.hostPort()));
        PubSubTopology.ensure(checkOnly);

        try (PubSubClients clients = new PubSubClients(settings);
                SubscriptionAdminClient admin = clients.subscriptionAdmin()) {
            Subscription workers = admin.getSubscription(clients.subscription(settings.workersSubscription()));
            assertThat(workers.getDeadLetterPolicy().getDeadLetterTopic())
                    .isEqualTo(clients.topic(settings.deadLetterTopic()).toString());
            assertThat(workers.getDeadLetterPolicy().getMaxDeliveryAttempts()).isEqualTo(DELIVERY_LIMIT);
            assertThat(workers.getAckDeadlineSeconds()).isEqualTo(LEASE_DURATION.toSeconds());
        }
    }

    @Override
    protected void stopBackend() {
        emulator.stop();
    }

    @Override
    protected void startBackend() {
        emulator.restart();
        PubSubTopology.ensure(settings);
    }
}
