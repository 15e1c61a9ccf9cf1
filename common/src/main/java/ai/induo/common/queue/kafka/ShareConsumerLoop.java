package ai.induo.common.queue.kafka;

import ai.induo.common.queue.JobMessage;
import ai.induo.common.queue.JobQueue;
import ai.induo.common.queue.kafka.KafkaDelivery.Position;
import ai.induo.common.queue.kafka.KafkaDelivery.Settlement;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.jboss.logging.Logger;

/**
 * One share-group member: a {@link KafkaShareConsumer} in explicit acknowledgement mode driven by
 * its own poll thread (the consumer is not thread-safe), handing records to a shared handler pool.
 *
 * <p>Explicit mode requires every record of one poll to be acknowledged before the next poll, so
 * this loop polls only when the records of the last poll are all acknowledged, and otherwise waits
 * for settlements queued by the deliveries. A RENEW (lease extension) counts as an acknowledgement:
 * the consumer hands a renewed record back on the next poll, after which it can be acknowledged
 * again; a settlement that arrives in between waits for that.
 */
final class ShareConsumerLoop {

    private static final Logger LOG = Logger.getLogger(ShareConsumerLoop.class);

    /** Longest blocking poll; also bounds how long stopping waits for the poll thread to notice. */
    static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    /** How long the poll thread waits for a settlement before checking whether it should stop. */
    private static final Duration SETTLEMENT_WAIT = Duration.ofMillis(100);
    private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaShareConsumer<String, byte[]> consumer;
    private final String topic;
    private final JobQueue.DeliveryHandler handler;
    private final Executor handlers;
    private final Thread pollThread;
    private final BlockingQueue<Settlement> settlements = new LinkedBlockingQueue<>();
    private volatile boolean running = true;

    // Owned by the poll thread.
    private final Map<Position, KafkaDelivery> inFlight = new HashMap<>();
    private final Map<Position, ConsumerRecord<String, byte[]>> unacknowledged = new HashMap<>();
    private final List<Settlement> awaitingReturn = new ArrayList<>();
    private boolean acknowledgementsToCommit;
    private boolean renewalsToCommit;

    ShareConsumerLoop(KafkaShareConsumer<String, byte[]> consumer, String topic, JobQueue.DeliveryHandler handler,
            Executor handlers, String threadName) {
        this.consumer = consumer;
        this.topic = topic;
        this.handler = handler;
        this.handlers = handlers;
        this.pollThread = new Thread(this::run, threadName);
        this.pollThread.setDaemon(true);
    }

    void start() {
        pollThread.start();
    }

    /** Asks the poll thread to release what is unsettled and leave the group. */
    void stop() {
        running = false;
    }

    /** Waits for the poll thread to end after {@link #stop()}. */
    void awaitStopped() throws InterruptedException {
        if (Thread.currentThread() != pollThread) {
            pollThread.join(CLOSE_TIMEOUT.plus(POLL_TIMEOUT).toMillis());
        }
    }

    private void run() {
        try {
            consumer.setAcknowledgementCommitCallback(this::onCommitted);
            consumer.subscribe(List.of(topic));
            while (running) {
                try {
                    step();
                } catch (KafkaException | IllegalStateException e) {
                    LOG.errorf(e, "Consuming %s failed; retrying in %s", topic, ERROR_BACKOFF);
                    awaitSettlement(ERROR_BACKOFF);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            shutdown();
        }
    }

    private void step() throws InterruptedException {
        if (unacknowledged.isEmpty()) {
            receive(consumer.poll(POLL_TIMEOUT));
        } else {
            awaitSettlement(SETTLEMENT_WAIT);
        }
        for (Settlement settlement; (settlement = settlements.poll()) != null; ) {
            apply(settlement);
        }
        commitIfNeeded();
    }

    private void awaitSettlement(Duration wait) throws InterruptedException {
        Settlement settlement = settlements.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (settlement != null) {
            apply(settlement);
        }
    }

    private void receive(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            Position position = new Position(record.partition(), record.offset());
            if (inFlight.containsKey(position)) {
                unacknowledged.put(position, record);
                continue;
            }
            JobMessage message = parse(record);
            if (message == null) {
                consumer.acknowledge(record, AcknowledgeType.REJECT);
                acknowledgementsToCommit = true;
                continue;
            }
            KafkaDelivery delivery = new KafkaDelivery(
                    message, record.deliveryCount().map(Short::intValue).orElse(1), position, settlements::add);
            inFlight.put(position, delivery);
            unacknowledged.put(position, record);
            handlers.execute(() -> deliver(delivery));
        }
        applyAwaitingReturn();
    }

    private void applyAwaitingReturn() {
        List<Settlement> returned = List.copyOf(awaitingReturn);
        awaitingReturn.clear();
        returned.forEach(this::apply);
    }

    private JobMessage parse(ConsumerRecord<String, byte[]> record) {
        try {
            return JobMessage.fromJson(record.value());
        } catch (IOException e) {
            LOG.warnf("Rejecting malformed job message at %s-%d offset %d (key %s): %s",
                    record.topic(), record.partition(), record.offset(), record.key(), e.getMessage());
            return null;
        }
    }

    private void deliver(KafkaDelivery delivery) {
        try {
            handler.onDelivery(delivery);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Handler failed on job %s; releasing it for another delivery", delivery.message().jobId());
            delivery.release();
        }
    }

    /** Acknowledges a settled delivery if its record belongs to the current poll, else keeps it for the next. */
    private void apply(Settlement settlement) {
        Position position = settlement.delivery().position();
        if (inFlight.get(position) != settlement.delivery()) {
            LOG.debugf("Job %s is no longer held by this consumer; %s ignored",
                    settlement.delivery().message().jobId(), settlement.type());
            return;
        }
        ConsumerRecord<String, byte[]> record = unacknowledged.remove(position);
        if (record == null) {
            awaitingReturn.add(settlement);
            return;
        }
        consumer.acknowledge(record, settlement.type());
        acknowledgementsToCommit = true;
        if (settlement.type() == AcknowledgeType.RENEW) {
            renewalsToCommit = true;
        } else {
            inFlight.remove(position);
        }
    }

    /**
     * Commits renewals synchronously: a poll while a renewal is still unconfirmed sends a share
     * fetch, which acquires a new record for a member that is busy with its own (the client only
     * hands a renewed record back without fetching once the broker has confirmed the renewal).
     */
    private void commitIfNeeded() {
        boolean renewals = renewalsToCommit;
        boolean acknowledgements = acknowledgementsToCommit;
        renewalsToCommit = false;
        acknowledgementsToCommit = false;
        if (renewals) {
            consumer.commitSync(CLOSE_TIMEOUT);
        } else if (acknowledgements) {
            consumer.commitAsync();
        }
    }

    /** Runs on the poll thread, inside poll or commit. */
    private void onCommitted(Map<TopicIdPartition, Set<Long>> offsets, Exception failure) {
        if (failure == null) {
            return;
        }
        offsets.forEach((partition, partitionOffsets) -> partitionOffsets.forEach(offset -> {
            Position position = new Position(partition.partition(), offset);
            KafkaDelivery lost = unacknowledged.containsKey(position) ? null : inFlight.remove(position);
            if (lost != null) {
                awaitingReturn.removeIf(settlement -> settlement.delivery() == lost);
                LOG.warnf("Lost the lock on job %s (%s); the broker will deliver it again",
                        lost.message().jobId(), failure.getMessage());
            } else {
                LOG.warnf("Acknowledging %s-%d offset %d failed (%s); the message may be delivered again",
                        partition.topic(), partition.partition(), offset, failure.getMessage());
            }
        }));
    }

    /**
     * Polls once more when settlements wait for renewed records, so a delivery settled just before
     * closing is acknowledged instead of delivered again. Records that are not ours are released.
     */
    private void takeBackRenewedRecords() {
        if (awaitingReturn.isEmpty() || !unacknowledged.isEmpty()) {
            return;
        }
        consumer.commitSync(CLOSE_TIMEOUT);
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
            Position position = new Position(record.partition(), record.offset());
            if (inFlight.containsKey(position)) {
                unacknowledged.put(position, record);
            } else {
                consumer.acknowledge(record, AcknowledgeType.RELEASE);
            }
        }
        applyAwaitingReturn();
        if (!awaitingReturn.isEmpty()) {
            LOG.infof("Consumer of %s closing: %d settlements could not be applied; those messages will be delivered "
                    + "again", topic, awaitingReturn.size());
        }
    }

    /** Applies what the handlers settled, releases the rest and leaves the group. */
    private void shutdown() {
        try {
            List<KafkaDelivery> abandoned = inFlight.values().stream().filter(KafkaDelivery::abandon).toList();
            awaitingReturn.removeIf(settlement -> settlement.type() == AcknowledgeType.RENEW);
            for (Settlement settlement; (settlement = settlements.poll()) != null; ) {
                if (settlement.type() != AcknowledgeType.RENEW) {
                    apply(settlement);
                }
            }
            takeBackRenewedRecords();
            for (KafkaDelivery delivery : abandoned) {
                ConsumerRecord<String, byte[]> record = unacknowledged.remove(delivery.position());
                if (record != null) {
                    consumer.acknowledge(record, AcknowledgeType.RELEASE);
                }
            }
            if (!abandoned.isEmpty()) {
                LOG.infof("Consumer of %s closing: released %d unfinished deliveries", topic, abandoned.size());
            }
            consumer.commitSync(CLOSE_TIMEOUT);
        } catch (KafkaException | IllegalStateException e) {
            LOG.warnf(e, "Acknowledging on close of the consumer of %s failed; unacknowledged messages will be "
                    + "delivered again", topic);
        } finally {
            consumer.close(CLOSE_TIMEOUT);
        }
    }
}
