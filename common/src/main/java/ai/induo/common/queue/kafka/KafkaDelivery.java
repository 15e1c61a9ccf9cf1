package ai.induo.common.queue.kafka;

import ai.induo.common.queue.Delivery;
import ai.induo.common.queue.JobMessage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.jboss.logging.Logger;

/**
 * One record handed to a handler. Its methods only queue a request: the share consumer is not
 * thread-safe, so the subscription's poll thread applies them.
 */
final class KafkaDelivery implements Delivery {

    private static final Logger LOG = Logger.getLogger(KafkaDelivery.class);

    /** A request to acknowledge one delivery, queued for the poll thread. */
    record Settlement(KafkaDelivery delivery, AcknowledgeType type) {
    }

    /** The record's place in its topic: what the poll thread keys deliveries by. */
    record Position(int partition, long offset) {
    }

    private final JobMessage message;
    private final int deliveryCount;
    private final Position position;
    private final Consumer<Settlement> requests;
    private final AtomicBoolean settled = new AtomicBoolean();

    KafkaDelivery(JobMessage message, int deliveryCount, Position position, Consumer<Settlement> requests) {
        this.message = message;
        this.deliveryCount = deliveryCount;
        this.position = position;
        this.requests = requests;
    }

    @Override
    public JobMessage message() {
        return message;
    }

    @Override
    public int deliveryCount() {
        return deliveryCount;
    }

    @Override
    public void ack() {
        settle(AcknowledgeType.ACCEPT);
    }

    @Override
    public void release() {
        settle(AcknowledgeType.RELEASE);
    }

    @Override
    public void reject() {
        settle(AcknowledgeType.REJECT);
    }

    @Override
    public void extendLease() {
        if (settled.get()) {
            LOG.debugf("Lease of job %s not extended: its delivery is already settled", message.jobId());
            return;
        }
        requests.accept(new Settlement(this, AcknowledgeType.RENEW));
    }

    Position position() {
        return position;
    }

    /**
     * Settles this delivery on behalf of a closing subscription. Returns false when the handler
     * settled it first, in which case its request is already queued.
     */
    boolean abandon() {
        return settled.compareAndSet(false, true);
    }

    private void settle(AcknowledgeType type) {
        if (!settled.compareAndSet(false, true)) {
            LOG.debugf("Delivery of job %s already settled; %s ignored", message.jobId(), type);
            return;
        }
        requests.accept(new Settlement(this, type));
    }
}
