package ai.induo.common.queue;

import java.time.Duration;

/**
 * Port for the job queue (Kafka share groups, Google Pub/Sub). Messages are delivered at least once;
 * consumers make processing idempotent.
 */
public interface JobQueue extends AutoCloseable {

    /**
     * Publishes one job message and returns once the backend has durably accepted it.
     *
     * @throws QueueUnavailableException when the backend does not accept it in time
     */
    void publish(JobMessage message);

    /**
     * Starts consuming. {@code handler} is called on consumer threads with at most
     * {@code maxInFlight} deliveries not yet acknowledged at any time.
     */
    Subscription subscribe(int maxInFlight, DeliveryHandler handler);

    /**
     * Starts receiving the job messages the queue gave up on: rejected ones and those delivered as
     * often as the queue allows. Each reaches {@code handler} at least once, on a thread of the
     * subscription, one at a time; a message whose handler throws is handed over again later. Where
     * several processes subscribe, each message goes to one of them.
     */
    Subscription subscribeDeadLetters(DeadLetterHandler handler);

    /**
     * How long a delivery stays with its consumer while it is neither settled nor extended; after
     * that the queue may hand the message to another consumer. {@link Delivery#extendLease()}
     * renews it, so a consumer holding a message extends it well within this time.
     */
    Duration deliveryLease();

    /**
     * Asks the backend whether it answers, for readiness probes; cheap enough to call every few
     * seconds.
     *
     * @return what answered, for the probe's report (never a secret), e.g. {@code "1 broker"}
     * @throws QueueUnavailableException when the backend does not answer within {@code timeout}
     */
    String probe(Duration timeout);

    /** Receives the job messages the queue gave up on. */
    @FunctionalInterface
    interface DeadLetterHandler {
        void onDeadLetter(JobMessage message);
    }

    /** Receives deliveries; must end each with ack, release or reject (possibly later, on another thread). */
    @FunctionalInterface
    interface DeliveryHandler {
        void onDelivery(Delivery delivery);
    }

    /** A running consumer. {@link #close()} stops taking new messages and releases unfinished ones. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    void close();
}
