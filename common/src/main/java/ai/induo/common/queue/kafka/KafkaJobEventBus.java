package ai.induo.common.queue.kafka;

import ai.induo.common.queue.JobEvent;
import ai.induo.common.queue.JobEventBus;
import ai.induo.common.queue.QueueUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * {@link JobEventBus} on a Kafka topic ({@link KafkaQueueSettings#eventsTopic()}). Events are JSON
 * records keyed by job id. Each subscription is a consumer outside any group that is assigned every
 * partition of the topic (as it was when subscribing) and starts at its end, so every gateway
 * instance sees every event published after it subscribed.
 */
public final class KafkaJobEventBus implements JobEventBus {

    private static final Logger LOG = Logger.getLogger(KafkaJobEventBus.class);

    /** How long subscribing may take to find the topic's partitions and their end offsets. */
    public static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final KafkaQueueSettings settings;
    private final KafkaProducer<String, byte[]> producer;
    private final Set<EventSubscription> subscriptions = ConcurrentHashMap.newKeySet();

    public KafkaJobEventBus(KafkaQueueSettings settings) {
        this.settings = settings;
        this.producer = new KafkaProducer<>(KafkaClientConfigs.producer(settings), new StringSerializer(),
                new ByteArraySerializer());
    }

    @Override
    public void publish(JobEvent event) {
        try {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(settings.eventsTopic(), event.jobId(),
                    event.toJson());
            producer.send(record, (metadata, failure) -> {
                if (failure != null) {
                    LOG.warnf("Job event %s for job %s was not published: %s", event.status(), event.jobId(),
                            failure.getMessage());
                }
            });
        } catch (KafkaException e) {
            LOG.warnf(e, "Job event %s for job %s was not published", event.status(), event.jobId());
        }
    }

    /**
     * Starts a consumer of every partition, positioned at the current end before this returns.
     *
     * @throws QueueUnavailableException when the topic or its offsets cannot be read in time
     */
    @Override
    public AutoCloseable subscribe(Consumer<JobEvent> listener) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaClientConfigs.broadcastConsumer(settings),
                new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(settings.eventsTopic(), SUBSCRIBE_TIMEOUT).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                throw new QueueUnavailableException("Kafka topic " + settings.eventsTopic() + " does not exist", null);
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(partition -> consumer.position(partition, SUBSCRIBE_TIMEOUT));
        } catch (RuntimeException e) {
            consumer.close(CLOSE_TIMEOUT);
            throw e instanceof KafkaException
                    ? new QueueUnavailableException("cannot subscribe to " + settings.eventsTopic() + " on "
                            + settings.bootstrapServers(), e)
                    : e;
        }
        EventSubscription subscription = new EventSubscription(consumer, listener);
        subscriptions.add(subscription);
        subscription.thread.start();
        return subscription;
    }

    @Override
    public void close() {
        List.copyOf(subscriptions).forEach(EventSubscription::close);
        producer.close(CLOSE_TIMEOUT);
    }

    /** One consumer and its daemon thread. */
    private final class EventSubscription implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer;
        private final Consumer<JobEvent> listener;
        private final Thread thread;
        private volatile boolean running = true;

        EventSubscription(KafkaConsumer<String, byte[]> consumer, Consumer<JobEvent> listener) {
            this.consumer = consumer;
            this.listener = listener;
            this.thread = new Thread(this::run, "induo-job-events-" + SEQUENCE.incrementAndGet());
            this.thread.setDaemon(true);
        }

        private void run() {
            try {
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                        dispatch(record);
                    }
                }
            } catch (WakeupException e) {
                LOG.debugf("Job event consumer of %s woken up to stop", settings.eventsTopic());
            } catch (KafkaException e) {
                LOG.errorf(e, "Job event consumer of %s stopped", settings.eventsTopic());
            } finally {
                consumer.close(CLOSE_TIMEOUT);
            }
        }

        private void dispatch(ConsumerRecord<String, byte[]> record) {
            JobEvent event;
            try {
                event = JobEvent.fromJson(record.value());
            } catch (IOException e) {
                LOG.warnf("Skipping malformed job event at %s-%d offset %d: %s", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                return;
            }
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Job event listener failed on %s for job %s", event.status(), event.jobId());
            }
        }

        @Override
        public void close() {
            if (!subscriptions.remove(this)) {
                return;
            }
            running = false;
            consumer.wakeup();
            if (Thread.currentThread() != thread) {
                try {
                    thread.join(CLOSE_TIMEOUT.plus(POLL_TIMEOUT).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
