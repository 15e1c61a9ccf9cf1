package ai.induo.common.queue.pubsub;

import ai.induo.common.queue.Delivery;
import ai.induo.common.queue.JobMessage;
import ai.induo.common.queue.QueueUnavailableException;
import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.pubsub.v1.PubsubMessage;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One Pub/Sub delivery of a job message. The first of ack, release, reject or lease expiry settles
 * it; later calls do nothing (a consumer that lost its lease may still run the job, so completing a
 * job is idempotent).
 *
 * <p>The lease: while a delivery is open, the {@link com.google.cloud.pubsub.v1.Subscriber} itself
 * sends {@code modifyAckDeadline} for it before each ack deadline runs out. {@link #extendLease()}
 * moves this delivery's own lease deadline one {@link PubSubQueueSettings#leaseDuration()} ahead;
 * once that deadline passes without a settlement, {@link #expireLease(long)} nacks the delivery so
 * that Pub/Sub hands it to another consumer, as it would for a consumer that stopped extending.
 */
final class PubSubDelivery implements Delivery {

    private static final Logger LOG = Logger.getLogger(PubSubDelivery.class);

    private final JobMessage message;
    private final int deliveryCount;
    private final PubsubMessage raw;
    private final AckReplyConsumer reply;
    private final Duration leaseDuration;
    private final Consumer<PubsubMessage> deadLetters;
    private final Consumer<PubSubDelivery> onSettled;
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile long leaseDeadlineNanos;

    /**
     * @param deadLetters publishes a message to the dead-letter topic, throwing
     *     {@link QueueUnavailableException} when Pub/Sub does not confirm it
     * @param onSettled called once, when this delivery is settled
     */
    PubSubDelivery(JobMessage message, int deliveryCount, PubsubMessage raw, AckReplyConsumer reply,
            Duration leaseDuration, Consumer<PubsubMessage> deadLetters, Consumer<PubSubDelivery> onSettled) {
        this.message = message;
        this.deliveryCount = deliveryCount;
        this.raw = raw;
        this.reply = reply;
        this.leaseDuration = leaseDuration;
        this.deadLetters = deadLetters;
        this.onSettled = onSettled;
        this.leaseDeadlineNanos = System.nanoTime() + leaseDuration.toNanos();
    }

    @Override
    public JobMessage message() {
        return message;
    }

    /**
     * Pub/Sub's delivery attempt, counted by the subscription's dead-letter policy; 1 on a
     * subscription without one, where Pub/Sub does not count.
     */
    @Override
    public int deliveryCount() {
        return deliveryCount;
    }

    @Override
    public void ack() {
        if (settle()) {
            reply.ack();
        }
    }

    @Override
    public void release() {
        if (settle()) {
            reply.nack();
        }
    }

    /**
     * Pub/Sub has no reject, and a nack would deliver the message again: the message is published to
     * the dead-letter topic, then acked. When the dead-letter topic does not take it in time the
     * message is nacked instead, so it is not lost; the subscription's dead-letter policy moves it
     * there after {@link PubSubQueueSettings#maxDeliveryAttempts()}.
     */
    @Override
    public void reject() {
        if (!settle()) {
            return;
        }
        try {
            deadLetters.accept(raw);
            reply.ack();
        } catch (QueueUnavailableException e) {
            LOG.warnf(e, "Rejected job message for %s could not be dead-lettered; released for redelivery",
                    message.jobId());
            reply.nack();
        }
    }

    @Override
    public void extendLease() {
        leaseDeadlineNanos = System.nanoTime() + leaseDuration.toNanos();
    }

    /** Nacks the delivery when its lease ran out at {@code nowNanos} ({@link System#nanoTime()}). */
    void expireLease(long nowNanos) {
        if (nowNanos - leaseDeadlineNanos > 0 && settle()) {
            LOG.warnf("Lease on job message for %s ran out after %s without an extension; released to another consumer",
                    message.jobId(), leaseDuration);
            reply.nack();
        }
    }

    private boolean settle() {
        if (settled.compareAndSet(false, true)) {
            onSettled.accept(this);
            return true;
        }
        return false;
    }
}
