package ai.induo.common.queue.kafka;

import ai.induo.common.queue.JobMessage;
import ai.induo.common.queue.JobQueue;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * One consumer of the dead-letter topic on its own daemon thread. A record is committed once its
 * handler returned; when the handler throws, the consumer goes back to that record and tries it
 * again after {@link #RETRY_PAUSE}, so a dead letter is never skipped. A record that is not a job
 * message is logged and skipped.
 */
final class DeadLetterSubscription implements JobQueue.Subscription {

    private static final Logger LOG = Logger.getLogger(DeadLetterSubscription.class);
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    /** How long to wait before handing over again a dead letter whose handler failed. */
    static final Duration RETRY_PAUSE = Duration.ofSeconds(5);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final KafkaConsumer<String, byte[]> consumer;
    private final JobQueue.DeadLetterHandler handler;
    private final Consumer<DeadLetterSubscription> onClose;
    private final Thread thread;
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile boolean running = true;

    private DeadLetterSubscription(KafkaConsumer<String, byte[]> consumer, JobQueue.DeadLetterHandler handler,
            Consumer<DeadLetterSubscription> onClose) {
        this.consumer = consumer;
        this.handler = handler;
        this.onClose = onClose;
        this.thread = new Thread(this::run, "induo-dead-letters-" + SEQUENCE.incrementAndGet());
        this.thread.setDaemon(true);
    }

    static DeadLetterSubscription start(KafkaQueueSettings settings, JobQueue.DeadLetterHandler handler,
            Consumer<DeadLetterSubscription> onClose) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaClientConfigs.deadLetterConsumer(settings),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(settings.deadLetterTopic()));
        DeadLetterSubscription subscription = new DeadLetterSubscription(consumer, handler, onClose);
        subscription.thread.start();
        return subscription;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                    if (!handle(record)) {
                        consumer.seek(new TopicPartition(record.topic(), record.partition()), record.offset());
                        pause();
                        break;
                    }
                    consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1)));
                }
            }
        } catch (WakeupException e) {
            LOG.debug("Dead-letter consumer woken up to stop");
        } catch (KafkaException e) {
            LOG.errorf(e, "Dead-letter consumer stopped");
        } finally {
            consumer.close(CLOSE_TIMEOUT);
        }
    }

    /** Hands the record over; false when the handler failed and the record must be tried again. */
    private boolean handle(ConsumerRecord<String, byte[]> record) {
        JobMessage message;
        try {
            message = JobMessage.fromJson(record.value());
        } catch (IOException e) {
            LOG.warnf("Skipping a dead letter that is not a job message at %s-%d offset %d (key %s): %s", record.topic(),
                    record.partition(), record.offset(), record.key(), e.getMessage());
            return true;
        }
        try {
            handler.onDeadLetter(message);
            return true;
        } catch (RuntimeException e) {
            LOG.errorf(e, "Dead-letter handler failed for job %s; trying again in %s", message.jobId(), RETRY_PAUSE);
            return false;
        }
    }

    /** Waits {@link #RETRY_PAUSE}, or less when the subscription closes meanwhile. */
    private void pause() {
        try {
            closing.await(RETRY_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        closing.countDown();
        consumer.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(CLOSE_TIMEOUT.plus(POLL_TIMEOUT).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        onClose.accept(this);
    }
}
