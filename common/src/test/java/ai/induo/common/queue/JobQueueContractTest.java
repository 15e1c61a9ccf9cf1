package ai.induo.common.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.induo.common.job.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every queue backend promises through {@link JobQueue} and {@link JobEventBus}. A
 * backend's test extends this class, runs a real (or emulated) server and supplies fresh, empty
 * queues and buses on it.
 */
public abstract class JobQueueContractTest {

    /** Generous bound for a delivery: covers a consumer joining its group. */
    protected static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);
    /** Slack on top of the publish timeout for the failing publish to return. */
    private static final Duration PUBLISH_FAILURE_SLACK = Duration.ofSeconds(2);
    /** As short as a readiness probe's. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private ScheduledExecutorService scheduler;

    /** The queue of the running test: fresh, with nothing published yet. */
    protected JobQueue queue;

    /** A new queue on its own topic or subscription, with nothing published yet. */
    protected abstract JobQueue newQueue();

    /** A new event bus on its own topic. */
    protected abstract JobEventBus newEventBus();

    /** The publish timeout the queues from {@link #newQueue()} are configured with. */
    protected abstract Duration publishTimeout();

    /** Deliveries of one message the queues from {@link #newQueue()} make before they give up on it. */
    protected abstract int deliveryLimit();

    /** Makes the backend unreachable at its address, as an outage would. */
    protected abstract void stopBackend();

    /** Brings the backend back at the same address, keeping what it stored. */
    protected abstract void startBackend();

    /**
     * Whether the backend stops handing messages to a consumer once its subscription closed. Every
     * real backend does; an emulator that does not (Google's Pub/Sub emulator 0.8.20 never notices a
     * streaming pull that the client ended) answers false, and the tests that need another consumer
     * to take over from a closed one are skipped for it.
     */
    protected boolean backendNoticesClosedSubscriptions() {
        return true;
    }

    /**
     * Whether the backend sends a subscriber no more messages than it has free slots. Every real
     * backend does; Google's Pub/Sub emulator 0.8.20 ignores the flow control a streaming pull
     * carries, so the test of it is skipped there.
     */
    protected boolean backendHonoursStreamingFlowControl() {
        return true;
    }

    @BeforeEach
    void openQueue() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        queue = closeAfterTest(newQueue());
    }

    @AfterEach
    void closeResources() throws Exception {
        scheduler.shutdownNow();
        while (!resources.isEmpty()) {
            resources.pop().close();
        }
    }

    /** Closes {@code resource} when the test ends, most recent first. */
    protected <T extends AutoCloseable> T closeAfterTest(T resource) {
        resources.push(resource);
        return resource;
    }

    @Test
    void publishedMessageIsDeliveredAndNotDeliveredAgainAfterAck() {
        JobMessage first = aJob();
        JobMessage second = aJob();
        Queue<Delivery> received = new ConcurrentLinkedQueue<>();
        closeAfterTest(queue.subscribe(1, delivery -> {
            received.add(delivery);
            delivery.ack();
        }));

        queue.publish(first);
        await().atMost(DELIVERY_TIMEOUT).until(() -> jobIds(received).contains(first.jobId()));
        queue.publish(second);
        await().atMost(DELIVERY_TIMEOUT).until(() -> jobIds(received).contains(second.jobId()));

        assertThat(jobIds(received)).containsExactly(first.jobId(), second.jobId());
        Delivery delivered = received.peek();
        assertThat(delivered.message()).isEqualTo(first);
        assertThat(delivered.deliveryCount()).isEqualTo(1);
    }

    @Test
    void releasedMessageIsDeliveredAgainWithAHigherDeliveryCount() {
        JobMessage job = aJob();
        Queue<Delivery> received = new ConcurrentLinkedQueue<>();
        closeAfterTest(queue.subscribe(1, delivery -> {
            received.add(delivery);
            if (delivery.deliveryCount() == 1) {
                delivery.release();
            } else {
                delivery.ack();
            }
        }));

        queue.publish(job);

        await().atMost(DELIVERY_TIMEOUT).until(() -> received.size() == 2);
        assertThat(received).extracting(Delivery::deliveryCount).containsExactly(1, 2);
        assertThat(received).extracting(Delivery::message).containsOnly(job);
    }

    @Test
    void rejectedMessageIsNeverDeliveredAgain() {
        JobMessage poison = aJob();
        JobMessage next = aJob();
        Queue<Delivery> received = new ConcurrentLinkedQueue<>();
        closeAfterTest(queue.subscribe(1, delivery -> {
            received.add(delivery);
            if (delivery.message().equals(poison)) {
                delivery.reject();
            } else {
                delivery.ack();
            }
        }));

        queue.publish(poison);
        await().atMost(DELIVERY_TIMEOUT).until(() -> jobIds(received).contains(poison.jobId()));
        queue.publish(next);
        await().atMost(DELIVERY_TIMEOUT).until(() -> jobIds(received).contains(next.jobId()));

        assertThat(jobIds(received)).containsExactly(poison.jobId(), next.jobId());
    }

    @Test
    void rejectedMessageReachesTheDeadLetterHandler() {
        JobMessage poison = aJob();
        closeAfterTest(queue.subscribe(1, Delivery::reject));
        Queue<JobMessage> deadLetters = new ConcurrentLinkedQueue<>();
        closeAfterTest(queue.subscribeDeadLetters(deadLetters::add));

        queue.publish(poison);

        await().atMost(DELIVERY_TIMEOUT).until(() -> deadLetters.contains(poison));
    }

    @Test
    void messageReleasedUpToTheDeliveryLimitReachesTheDeadLetterHandlerAndIsNotDeliveredAgain() {
        JobMessage job = aJob();
        Queue<Delivery> received = new ConcurrentLinkedQueue<>();
        closeAfterTest(queue.subscribe(1, delivery -> {
            received.add(delivery);
            delivery.release();
        }));
        Queue<JobMessage> deadLetters = new ConcurrentLinkedQueue<>();
        closeAfterTest(queue.subscribeDeadLetters(deadLetters::add));

        queue.publish(job);

        await().atMost(DELIVERY_TIMEOUT.multipliedBy(2)).until(() -> deadLetters.contains(job));
        assertThat(received).extracting(Delivery::deliveryCount)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, deliveryLimit()).boxed().toList());
    }

    @Test
    void deadLetterWhoseHandlerFailsIsHandedOverAgain() {
        JobMessage poison = aJob();
        closeAfterTest(queue.subscribe(1, Delivery::reject));
        Queue<JobMessage> handedOver = new ConcurrentLinkedQueue<>();
        closeAfterTest(queue.subscribeDeadLetters(message -> {
            handedOver.add(message);
            if (handedOver.size() == 1) {
                throw new IllegalStateException("the database is down");
            }
        }));

        queue.publish(poison);

        await().atMost(DELIVERY_TIMEOUT).until(() -> handedOver.size() >= 2);
        assertThat(handedOver).containsOnly(poison);
    }

    @Test
    void handlerMaySettleLaterOnAnotherThread() {
        JobMessage job = aJob();
        Queue<Delivery> received = new ConcurrentLinkedQueue<>();
        closeAfterTest(queue.subscribe(1, received::add));

        queue.publish(job);
        await().atMost(DELIVERY_TIMEOUT).until(() -> received.size() == 1);
        scheduler.execute(() -> received.peek().ack());
        JobMessage next = aJob();
        queue.publish(next);

        await().atMost(DELIVERY_TIMEOUT).until(() -> jobIds(received).contains(next.jobId()));
        assertThat(jobIds(received)).containsExactly(job.jobId(), next.jobId());
    }

    @Test
    void noMoreThanMaxInFlightDeliveriesAreUnsettledAtOnce() {
        List<JobMessage> jobs = List.of(aJob(), aJob(), aJob(), aJob(), aJob());
        Queue<Delivery> unsettled = new ConcurrentLinkedQueue<>();
        Queue<JobMessage> done = new ConcurrentLinkedQueue<>();
        closeAfterTest(queue.subscribe(2, unsettled::add));
        jobs.forEach(queue::publish);

        await().atMost(DELIVERY_TIMEOUT).until(() -> unsettled.size() == 2);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> unsettled.size() == 2);
        await().atMost(DELIVERY_TIMEOUT).until(() -> {
            for (Delivery delivery; (delivery = unsettled.poll()) != null; ) {
                done.add(delivery.message());
                delivery.ack();
            }
            return done.size() == jobs.size();
        });

        assertThat(done).containsExactlyInAnyOrderElementsOf(jobs);
    }

    @Test
    void extendedLeaseKeepsTheMessageFromOtherConsumersPastTheLockDuration() {
        assumeTrue(backendNoticesClosedSubscriptions(), "the backend keeps delivering to closed subscriptions");
        JobMessage job = aJob();
        AtomicReference<Delivery> holder = new AtomicReference<>();
        Queue<Delivery> redelivered = new ConcurrentLinkedQueue<>();
        Consumer<Delivery> holdAndExtend = delivery -> {
            if (holder.compareAndSet(null, delivery)) {
                long period = queue.deliveryLease().toMillis() / 3;
                scheduler.scheduleAtFixedRate(delivery::extendLease, period, period, TimeUnit.MILLISECONDS);
            } else {
                redelivered.add(delivery);
            }
        };
        JobQueue.Subscription first = queue.subscribe(1, holdAndExtend::accept);
        JobQueue.Subscription second = queue.subscribe(1, holdAndExtend::accept);

        queue.publish(job);
        await().atMost(DELIVERY_TIMEOUT).until(() -> holder.get() != null);
        Duration twoLocks = queue.deliveryLease().multipliedBy(2);
        await().during(twoLocks).atMost(twoLocks.plusSeconds(5)).until(redelivered::isEmpty);
        holder.get().ack();
        first.close();
        second.close();

        Queue<Delivery> later = new ConcurrentLinkedQueue<>();
        closeAfterTest(queue.subscribe(1, delivery -> {
            later.add(delivery);
            delivery.ack();
        }));
        JobMessage next = aJob();
        queue.publish(next);
        await().atMost(DELIVERY_TIMEOUT).until(() -> jobIds(later).contains(next.jobId()));
        assertThat(jobIds(later)).containsExactly(next.jobId());
        assertThat(holder.get().message()).isEqualTo(job);
    }

    @Test
    void aSubscriberExtendingTheLeaseOfItsOnlyDeliveryClaimsNoOtherMessage() {
        assumeTrue(backendHonoursStreamingFlowControl(), "the backend sends messages past a subscriber's flow control");
        JobMessage held = aJob();
        JobMessage waiting = aJob();
        AtomicReference<Delivery> holder = new AtomicReference<>();
        Queue<Delivery> beyondMaxInFlight = new ConcurrentLinkedQueue<>();
        closeAfterTest(queue.subscribe(1, delivery -> {
            if (holder.compareAndSet(null, delivery)) {
                long period = queue.deliveryLease().toMillis() / 3;
                scheduler.scheduleAtFixedRate(delivery::extendLease, period, period, TimeUnit.MILLISECONDS);
            } else {
                beyondMaxInFlight.add(delivery);
            }
        }));
        queue.publish(held);
        await().atMost(DELIVERY_TIMEOUT).until(() -> holder.get() != null);
        queue.publish(waiting);
        Duration twoLocks = queue.deliveryLease().multipliedBy(2);
        await().during(twoLocks).atMost(twoLocks.plusSeconds(5)).until(beyondMaxInFlight::isEmpty);

        Queue<Delivery> taken = new ConcurrentLinkedQueue<>();
        closeAfterTest(queue.subscribe(1, delivery -> {
            taken.add(delivery);
            delivery.ack();
        }));
        await().atMost(DELIVERY_TIMEOUT).until(() -> !taken.isEmpty());
        assertThat(taken.peek().message()).isEqualTo(waiting);
        assertThat(taken.peek().deliveryCount())
                .as("the busy subscriber spent none of the message's delivery attempts")
                .isEqualTo(1);
        holder.get().ack();
    }

    @Test
    void messageHeldWithoutSettlingGoesToAnotherConsumerAfterTheLockDuration() {
        JobMessage job = aJob();
        AtomicReference<Delivery> holder = new AtomicReference<>();
        AtomicReference<Instant> heldAt = new AtomicReference<>();
        Queue<Delivery> redelivered = new ConcurrentLinkedQueue<>();
        AtomicReference<Instant> redeliveredAt = new AtomicReference<>();
        Consumer<Delivery> holdOnce = delivery -> {
            if (holder.compareAndSet(null, delivery)) {
                heldAt.set(Instant.now());
            } else {
                redeliveredAt.compareAndSet(null, Instant.now());
                redelivered.add(delivery);
                delivery.ack();
            }
        };
        closeAfterTest(queue.subscribe(1, holdOnce::accept));
        closeAfterTest(queue.subscribe(1, holdOnce::accept));

        queue.publish(job);

        await().atMost(queue.deliveryLease().plus(DELIVERY_TIMEOUT)).until(() -> !redelivered.isEmpty());
        assertThat(redelivered.peek().message()).isEqualTo(job);
        assertThat(redelivered.peek().deliveryCount()).isEqualTo(2);
        assertThat(Duration.between(heldAt.get(), redeliveredAt.get()))
                .as("the queue kept the message for the delivery lease it reports")
                .isGreaterThanOrEqualTo(queue.deliveryLease().multipliedBy(9).dividedBy(10));
    }

    @Test
    void messageUnsettledWhenItsSubscriptionClosesGoesToAnotherConsumer() {
        assumeTrue(backendNoticesClosedSubscriptions(), "the backend keeps delivering to closed subscriptions");
        JobMessage job = aJob();
        Queue<Delivery> firstConsumer = new ConcurrentLinkedQueue<>();
        JobQueue.Subscription crashing = queue.subscribe(1, firstConsumer::add);
        queue.publish(job);
        await().atMost(DELIVERY_TIMEOUT).until(() -> firstConsumer.size() == 1);

        crashing.close();
        Queue<Delivery> secondConsumer = new ConcurrentLinkedQueue<>();
        closeAfterTest(queue.subscribe(1, delivery -> {
            secondConsumer.add(delivery);
            delivery.ack();
        }));

        await().atMost(DELIVERY_TIMEOUT).until(() -> secondConsumer.size() == 1);
        assertThat(secondConsumer.peek().message()).isEqualTo(job);
        assertThat(secondConsumer.peek().deliveryCount()).isEqualTo(2);
        firstConsumer.peek().ack();
    }

    @Test
    void handlerThatThrowsHasItsMessageDeliveredAgain() {
        JobMessage job = aJob();
        Queue<Delivery> received = new ConcurrentLinkedQueue<>();
        closeAfterTest(queue.subscribe(1, delivery -> {
            received.add(delivery);
            if (delivery.deliveryCount() == 1) {
                throw new IllegalStateException("handler bug");
            }
            delivery.ack();
        }));

        queue.publish(job);

        await().atMost(DELIVERY_TIMEOUT).until(() -> received.size() == 2);
        assertThat(received).extracting(Delivery::deliveryCount).containsExactly(1, 2);
    }

    @Test
    void probeAnswersWhileTheBackendIsUpAndFailsWithinItsTimeoutWhileItIsDown() {
        assertThat(queue.probe(PROBE_TIMEOUT)).isNotBlank();

        stopBackend();
        long started = System.nanoTime();
        try {
            assertThatThrownBy(() -> queue.probe(PROBE_TIMEOUT)).isInstanceOf(QueueUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(PROBE_TIMEOUT.plus(PUBLISH_FAILURE_SLACK));
        } finally {
            startBackend();
        }

        await().atMost(DELIVERY_TIMEOUT).ignoreException(QueueUnavailableException.class)
                .until(() -> !queue.probe(PROBE_TIMEOUT).isBlank());
    }

    @Test
    void publishFailsWithinThePublishTimeoutWhileTheBackendIsDownAndWorksAgainAfterwards() {
        Queue<Delivery> received = new ConcurrentLinkedQueue<>();
        closeAfterTest(queue.subscribe(1, delivery -> {
            received.add(delivery);
            delivery.ack();
        }));
        JobMessage beforeOutage = aJob();
        queue.publish(beforeOutage);
        await().atMost(DELIVERY_TIMEOUT).until(() -> received.size() == 1);

        stopBackend();
        long started = System.nanoTime();
        try {
            assertThatThrownBy(() -> queue.publish(aJob())).isInstanceOf(QueueUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(publishTimeout().plus(PUBLISH_FAILURE_SLACK));
        } finally {
            startBackend();
        }

        JobMessage afterOutage = aJob();
        queue.publish(afterOutage);
        await().atMost(DELIVERY_TIMEOUT).until(() -> jobIds(received).contains(afterOutage.jobId()));
        assertThat(jobIds(received)).containsExactly(beforeOutage.jobId(), afterOutage.jobId());
    }

    @Test
    void everyEventSubscriberSeesEveryEventPublishedAfterItSubscribed() {
        JobEventBus bus = closeAfterTest(newEventBus());
        Queue<JobEvent> witness = new ConcurrentLinkedQueue<>();
        closeAfterTest(bus.subscribe(witness::add));
        JobEvent before = anEvent(JobStatus.QUEUED);
        bus.publish(before);
        // publish only hands the event over; once a subscriber has it, it was published before the next ones subscribe
        await().atMost(DELIVERY_TIMEOUT).until(() -> witness.contains(before));
        Queue<JobEvent> first = new ConcurrentLinkedQueue<>();
        Queue<JobEvent> second = new ConcurrentLinkedQueue<>();
        closeAfterTest(bus.subscribe(first::add));
        closeAfterTest(bus.subscribe(second::add));

        JobEvent running = anEvent(JobStatus.RUNNING);
        JobEvent succeeded = anEvent(JobStatus.SUCCEEDED);
        bus.publish(running);
        bus.publish(succeeded);

        await().atMost(DELIVERY_TIMEOUT).until(() -> first.size() >= 2 && second.size() >= 2);
        assertThat(first).containsExactlyInAnyOrder(running, succeeded);
        assertThat(second).containsExactlyInAnyOrder(running, succeeded);
    }

    @Test
    void closedEventSubscriptionReceivesNothingMore() throws Exception {
        JobEventBus bus = closeAfterTest(newEventBus());
        Queue<JobEvent> closed = new ConcurrentLinkedQueue<>();
        Queue<JobEvent> open = new ConcurrentLinkedQueue<>();
        AutoCloseable subscription = bus.subscribe(closed::add);
        closeAfterTest(bus.subscribe(open::add));

        subscription.close();
        JobEvent event = anEvent(JobStatus.FAILED);
        bus.publish(event);

        await().atMost(DELIVERY_TIMEOUT).until(() -> open.contains(event));
        assertThat(closed).isEmpty();
    }

    /** A job message with a unique id, as the gateway publishes it. */
    protected static JobMessage aJob() {
        return JobMessage.of("job_" + UUID.randomUUID(), "acct_contract", "tryon-v1", 1, now());
    }

    private static JobEvent anEvent(JobStatus status) {
        return JobEvent.of("job_" + UUID.randomUUID(), "acct_contract", status, now());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    protected static List<String> jobIds(Queue<Delivery> deliveries) {
        return deliveries.stream().map(delivery -> delivery.message().jobId()).toList();
    }
}
