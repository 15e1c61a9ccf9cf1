package ai.induo.common.queue.kafka;

import ai.induo.common.queue.JobMessage;
import ai.induo.common.queue.JobQueue;
import ai.induo.common.queue.QueueUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@link JobQueue} on a Kafka share group (KIP-932, Kafka 4.4): job messages are JSON records keyed
 * by job id on {@link KafkaQueueSettings#jobsTopic()}, consumed in the share group
 * {@link KafkaQueueSettings#shareGroup()}. Ack, release and reject map to ACCEPT, RELEASE and REJECT;
 * extending the lease to RENEW, which holds the record for another lock period
 * ({@link KafkaQueueSettings#lockDuration()}, which {@link KafkaTopology} sets on the group).
 *
 * <p>Run {@link KafkaTopology#ensure(KafkaQueueSettings)} before the first subscription, so the
 * share group starts from the earliest offset. A subscription is {@code maxInFlight} group members
 * that each hold at most one delivery. A member that has not polled for
 * {@code max.poll.interval.ms} (five minutes by default) leaves the group; extending the lease
 * makes it poll, so long jobs extend their lease.
 *
 * <p>Share groups give each partition to a single member while there are at least as many
 * partitions as members; only with more members than partitions do members share partitions. A
 * member busy with a long job then holds back the other messages of its partitions, and a crashed
 * member's partitions wait for its session to time out (45 s by default). Hence the jobs topic has
 * fewer partitions than there are consumers ({@link KafkaQueueSettings#DEFAULT_PARTITIONS}).
 */
public final class KafkaJobQueue implements JobQueue {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaQueueSettings settings;
    private final KafkaProducer<String, byte[]> producer;
    private final Set<ShareGroupSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final Set<DeadLetterSubscription> deadLetterSubscriptions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private Admin admin;

    public KafkaJobQueue(KafkaQueueSettings settings) {
        this.settings = settings;
        this.producer = new KafkaProducer<>(KafkaClientConfigs.producer(settings), new StringSerializer(),
                new ByteArraySerializer());
    }

    /**
     * Sends the message and waits until all in-sync replicas have it.
     *
     * @throws QueueUnavailableException when Kafka does not confirm within
     *     {@link KafkaQueueSettings#publishTimeout()}
     */
    @Override
    public void publish(JobMessage message) {
        ensureOpen();
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(settings.jobsTopic(), message.jobId(), message.toJson());
        long deadline = System.nanoTime() + settings.publishTimeout().toNanos();
        try {
            producer.send(record).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw unavailable(message, e.getCause());
        } catch (TimeoutException | KafkaException e) {
            throw unavailable(message, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(message, e);
        }
    }

    @Override
    public Subscription subscribe(int maxInFlight, DeliveryHandler handler) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
        ensureOpen();
        ShareGroupSubscription subscription = ShareGroupSubscription.start(
                () -> new KafkaShareConsumer<>(KafkaClientConfigs.shareConsumer(settings), new StringDeserializer(),
                        new ByteArrayDeserializer()),
                settings.jobsTopic(), maxInFlight, handler, subscriptions::remove);
        subscriptions.add(subscription);
        return subscription;
    }

    /**
     * Reads {@link KafkaQueueSettings#deadLetterTopic()} in the consumer group
     * {@code <share group>-dead-letters}, committing each record once its handler returned.
     */
    @Override
    public Subscription subscribeDeadLetters(DeadLetterHandler handler) {
        ensureOpen();
        DeadLetterSubscription subscription = DeadLetterSubscription.start(settings, handler, deadLetterSubscriptions::remove);
        deadLetterSubscriptions.add(subscription);
        return subscription;
    }

    /** Closes every subscription (releasing unsettled deliveries) and the producer. */
    @Override
    public void close() {
        closed = true;
        List.copyOf(subscriptions).forEach(ShareGroupSubscription::close);
        List.copyOf(deadLetterSubscriptions).forEach(DeadLetterSubscription::close);
        producer.close(CLOSE_TIMEOUT);
        synchronized (this) {
            if (admin != null) {
                admin.close(CLOSE_TIMEOUT);
            }
        }
    }

    /** The share group's record lock, which {@link KafkaTopology#ensure} set on the group. */
    @Override
    public Duration deliveryLease() {
        return settings.lockDuration();
    }

    /** Asks the cluster for its brokers; reports how many answered. */
    @Override
    public String probe(Duration timeout) {
        ensureOpen();
        try {
            int brokers = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            return brokers == 1 ? "1 broker" : brokers + " brokers";
        } catch (ExecutionException e) {
            throw probeFailed(timeout, e.getCause());
        } catch (TimeoutException | KafkaException e) {
            throw probeFailed(timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw probeFailed(timeout, e);
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(KafkaClientConfigs.admin(settings));
        }
        return admin;
    }

    private QueueUnavailableException probeFailed(Duration timeout, Throwable cause) {
        return new QueueUnavailableException("Kafka at " + settings.bootstrapServers() + " did not describe its"
                + " cluster within " + timeout, cause);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the job queue is closed");
        }
    }


    private QueueUnavailableException unavailable(JobMessage message, Throwable cause) {
        return new QueueUnavailableException("Kafka at " + settings.bootstrapServers()
                + " did not accept the message for job " + message.jobId() + " on " + settings.jobsTopic()
                + " within " + settings.publishTimeout(), cause);
    }
}
