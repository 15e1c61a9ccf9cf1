package ai.induo.common.queue.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.induo.common.queue.Delivery;
import ai.induo.common.queue.JobEventBus;
import ai.induo.common.queue.JobMessage;
import ai.induo.common.queue.JobQueue;
import ai.induo.common.queue.JobQueueContractTest;
import ai.induo.stack.KafkaBrokerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The queue contract against a real single-node Kafka 4.4 broker, plus Kafka's dead-letter topic. */
class KafkaJobQueueTest extends JobQueueContractTest {

    /** Short broker lock so lock expiry and lease extension are seen in seconds. */
    private static final Duration LOCK_DURATION = Duration.ofSeconds(3);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(2);
    private static final int DELIVERY_LIMIT = 3;
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Path BUILD_DIR = Path.of("target");

    private static Path dataDir;
    private static KafkaBrokerProcess broker;

    private KafkaQueueSettings settings;

    @BeforeAll
    static void startBroker() throws IOException {
        Files.createDirectories(BUILD_DIR);
        dataDir = Files.createTempDirectory(BUILD_DIR, "kafka-job-queue-test-");
        broker = KafkaBrokerProcess.start(dataDir, LOCK_DURATION);
    }

    @AfterAll
    static void stopBroker() throws IOException {
        broker.close();
        deleteRecursively(dataDir);
    }

    @Override
    protected JobQueue newQueue() {
        String name = UUID.randomUUID().toString();
        settings = new KafkaQueueSettings(broker.bootstrapServers(), "jobs." + name, "events." + name,
                KafkaQueueSettings.DEFAULT_PARTITIONS, "workers-" + name, DELIVERY_LIMIT, LOCK_DURATION, PUBLISH_TIMEOUT,
                Map.of());
        KafkaTopology.ensure(settings);
        return new KafkaJobQueue(settings);
    }

    @Override
    protected JobEventBus newEventBus() {
        return new KafkaJobEventBus(settings);
    }

    @Override
    protected int deliveryLimit() {
        return DELIVERY_LIMIT;
    }

    @Override
    protected Duration publishTimeout() {
        return PUBLISH_TIMEOUT;
    }

    @Override
    protected void stopBackend() {
        broker.stop();
    }

    @Override
    protected void startBackend() {
        broker.restart();
    }

    @Test
    void malformedRecordIsDeadLetteredWithoutReachingTheHandler() {
        JobMessage valid = aJob();
        produceRaw("job_garbled", "{not json".getBytes(StandardCharsets.UTF_8));
        queue.publish(valid);
        Queue<Delivery> received = new ConcurrentLinkedQueue<>();
        closeAfterTest(queue.subscribe(2, delivery -> {
            received.add(delivery);
            delivery.ack();
        }));

        await().atMost(DELIVERY_TIMEOUT).until(() -> received.size() == 1);
        assertThat(received.peek().message()).isEqualTo(valid);
        assertThat(awaitDeadLetters(1)).extracting(ConsumerRecord::key).containsExactly("job_garbled");
    }

    @Test
    void rejectedMessageIsCopiedToTheDeadLetterTopic() {
        JobMessage poison = aJob();
        closeAfterTest(queue.subscribe(1, Delivery::reject));

        queue.publish(poison);

        assertThat(awaitDeadLetters(1)).extracting(ConsumerRecord::key).containsExactly(poison.jobId());
    }

    @Test
    void messageReleasedUpToTheDeliveryLimitIsDeadLetteredAndNotDeliveredAgain() {
        JobMessage job = aJob();
        Queue<Delivery> received = new ConcurrentLinkedQueue<>();
        closeAfterTest(queue.subscribe(1, delivery -> {
            received.add(delivery);
            delivery.release();
        }));

        queue.publish(job);

        assertThat(awaitDeadLetters(1)).extracting(ConsumerRecord::key).containsExactly(job.jobId());
        assertThat(received).extracting(Delivery::deliveryCount).containsExactly(1, 2, 3);
    }

    @Test
    void ensuringTheTopologyAgainKeepsTopicsAndGroupConfiguration() throws Exception {
        KafkaTopology.ensure(settings);

        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .contains(settings.jobsTopic(), settings.eventsTopic(), settings.deadLetterTopic());
            ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, settings.shareGroup());
            await().atMost(DELIVERY_TIMEOUT).untilAsserted(() -> {
                Config config = admin.describeConfigs(List.of(group)).all()
                        .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(group);
                assertThat(config.get("share.auto.offset.reset").value()).isEqualTo("earliest");
                assertThat(config.get("share.delivery.count.limit").value())
                        .isEqualTo(Integer.toString(DELIVERY_LIMIT));
                assertThat(config.get("errors.deadletterqueue.topic.name").value())
                        .isEqualTo(settings.deadLetterTopic());
                assertThat(config.get("share.record.lock.duration.ms").value())
                        .isEqualTo(Long.toString(LOCK_DURATION.toMillis()));
            });
        }
    }

    @Test
    void aRecordLockTheBrokersDoNotAllowIsRefusedSayingSo() {
        String name = UUID.randomUUID().toString();
        KafkaQueueSettings tooLong = new KafkaQueueSettings(broker.bootstrapServers(), "jobs." + name, "events." + name,
                KafkaQueueSettings.DEFAULT_PARTITIONS, "workers-" + name, DELIVERY_LIMIT, Duration.ofHours(2),
                PUBLISH_TIMEOUT, Map.of());

        assertThatThrownBy(() -> KafkaTopology.ensure(tooLong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("record lock", "PT2H", "group.share.min/max.record.lock.duration.ms");
    }

    private void produceRaw(String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(settings.jobsTopic(), key, value));
        }
    }

    private List<ConsumerRecord<String, byte[]>> awaitDeadLetters(int count) {
        List<ConsumerRecord<String, byte[]>> deadLetters = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(settings.deadLetterTopic()));
            await().atMost(DELIVERY_TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(deadLetters::add);
                return deadLetters.size() >= count;
            });
        }
        return deadLetters;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
