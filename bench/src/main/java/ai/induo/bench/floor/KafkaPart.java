package ai.induo.bench.floor;

import ai.induo.bench.stack.StackProcess;
import ai.induo.stack.KafkaBrokerMain;
import ai.induo.stack.KafkaBrokerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one message a job needs, straight through kafka-clients: a synchronous produce (acks=all,
 * idempotent, no linger, as the platform's producer), then a share-group consume, an explicit
 * ACCEPT and its commit. Against a real broker started as the stack starts it
 * ({@link KafkaBrokerProcess}), whose CPU counts too.
 */
final class KafkaPart implements FloorPart {

    private static final String TOPIC = "floor-jobs";
    private static final String GROUP = "floor-workers";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofSeconds(1);
    /** About the size of the platform's queue message: job id, account, model, attempt, as JSON. */
    private static final byte[] MESSAGE = ("{\"v\":1,\"job_id\":\"job_0123456789abcdef01234567\","
            + "\"account_id\":\"acct_0123456789abcdef01234567\",\"model\":\"induo-noop\",\"attempt\":1}")
            .getBytes(StandardCharsets.UTF_8);

    private final KafkaBrokerProcess broker;
    private final long brokerPid;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaShareConsumer<String, byte[]> consumer;

    KafkaPart(Path root, Path work) throws Exception {
        if (System.getProperty(KafkaBrokerProcess.STACK_LIB_PROPERTY) == null) {
            System.setProperty(KafkaBrokerProcess.STACK_LIB_PROPERTY, StackProcess.stackLib(root).toString());
        }
        broker = KafkaBrokerProcess.start(work.resolve("kafka"));
        try {
            brokerPid = brokerPid();
            createTopicAndGroup(broker.bootstrapServers());
            producer = new KafkaProducer<>(producerConfig(broker.bootstrapServers()), new StringSerializer(),
                    new ByteArraySerializer());
            consumer = new KafkaShareConsumer<>(consumerConfig(broker.bootstrapServers()), new StringDeserializer(),
                    new ByteArrayDeserializer());
            consumer.subscribe(List.of(TOPIC));
        } catch (Exception e) {
            broker.close();
            throw e;
        }
    }

    private static long brokerPid() {
        return ProcessHandle.current().children()
                .filter(child -> child.info().commandLine().orElse("").contains(KafkaBrokerMain.class.getName()))
                .findFirst().orElseThrow(() -> new IllegalStateException("the Kafka broker's process is not found"))
                .pid();
    }

    private static void createTopicAndGroup(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Collection<AlterConfigOp> earliest = List.of(new AlterConfigOp(
                    new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET));
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, GROUP), earliest))
                    .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static Properties producerConfig(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return config;
    }

    private static Properties consumerConfig(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        config.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        return config;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public List<Long> helperPids() {
        return List.of(brokerPid);
    }

    @Override
    public void runOneJob() throws Exception {
        producer.send(new ProducerRecord<>(TOPIC, MESSAGE)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        int received = 0;
        while (received == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the share consumer received nothing within " + TIMEOUT);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                consumer.acknowledge(record, AcknowledgeType.ACCEPT);
                received++;
            }
        }
        consumer.commitSync(TIMEOUT);
    }

    @Override
    public void close() {
        consumer.close();
        producer.close();
        broker.close();
    }
}
