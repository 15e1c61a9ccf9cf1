package ai.induo.bench.queue;

import ai.induo.bench.BenchContext;
import ai.induo.bench.BenchSection;
import ai.induo.bench.Results;
import ai.induo.bench.stack.ScratchDirectory;
import ai.induo.common.queue.kafka.KafkaJobQueue;
import ai.induo.common.queue.kafka.KafkaQueueSettings;
import ai.induo.common.queue.kafka.KafkaTopology;
import ai.induo.common.queue.pubsub.PubSubJobQueue;
import ai.induo.common.queue.pubsub.PubSubQueueSettings;
import ai.induo.common.queue.pubsub.PubSubTopology;
import ai.induo.stack.KafkaBrokerProcess;
import ai.induo.stack.PubSubEmulatorProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The queue hop, publish → claim → acknowledge, with the same load on each queue
 * ({@code queue.messages}, {@code .publishers}, {@code .in_flight}): {@link KafkaJobQueue} on a real
 * broker and {@link PubSubJobQueue} on Google's Pub/Sub emulator, through the {@code JobQueue} port
 * alone, and BullMQ on Redis beside them. Figures {@code queue.<kafka|pubsub|bullmq>.jobs_per_s},
 * {@code .p50_ms}, {@code .p99_ms}, Kafka's rate per partition of the jobs topic
 * ({@code queue.kafka.jobs_per_s_per_partition}, for the capacity section) and
 * {@code queue.kafka_over_bullmq}. A queue that cannot run here
 * records why under {@code queue.<name>.skipped}.
 */
public final class QueueHopSection implements BenchSection {

    static final String KAFKA = "queue.kafka";
    static final String PUBSUB = "queue.pubsub";
    static final String BULLMQ = "queue.bullmq";
    private static final String PUBSUB_PROJECT = "induo-bench";

    @Override
    public String name() {
        return "queue";
    }

    @Override
    public void run(BenchContext context, Results results) throws Exception {
        HopSettings settings = HopSettings.of(context);
        settings.putInto(results, "queue");
        Path work = ScratchDirectory.fresh(context.workFor(name()));
        HopFigures kafka = kafka(context, work, settings);
        kafka.putInto(results, KAFKA);
        results.put(KAFKA + ".partitions", KafkaQueueSettings.DEFAULT_PARTITIONS);
        results.put(KAFKA + ".jobs_per_s_per_partition", kafka.jobsPerSecond() / KafkaQueueSettings.DEFAULT_PARTITIONS);
        pubSub(settings, results);
        bullMq(context, settings, results);
        results.number(BULLMQ + ".jobs_per_s")
                .ifPresent(bullMq -> results.put("queue.kafka_over_bullmq", kafka.jobsPerSecond() / bullMq));
    }

    private static HopFigures kafka(BenchContext context, Path work, HopSettings settings) throws Exception {
        if (Optional.ofNullable(System.getProperty(KafkaBrokerProcess.STACK_LIB_PROPERTY))
                .or(() -> Optional.ofNullable(System.getenv(KafkaBrokerProcess.STACK_LIB_ENV))).isEmpty()) {
            System.setProperty(KafkaBrokerProcess.STACK_LIB_PROPERTY,
                    context.root().resolve("deploy/target/stack-lib").toString());
        }
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(work.resolve("kafka"))) {
            KafkaQueueSettings queueSettings = KafkaQueueSettings.defaults(broker.bootstrapServers());
            KafkaTopology.ensure(queueSettings);
            try (KafkaJobQueue queue = new KafkaJobQueue(queueSettings)) {
                return JobQueueHop.measure(queue, settings);
            }
        }
    }

    private static void pubSub(HopSettings settings, Results results) throws Exception {
        if (!Files.isExecutable(PubSubEmulatorProcess.LAUNCHER)) {
            results.put(PUBSUB + ".skipped", "the Pub/Sub emulator is not installed at " + PubSubEmulatorProcess.LAUNCHER
                    + " (Debian package google-cloud-cli-pubsub-emulator)");
            return;
        }
        try (PubSubEmulatorProcess emulator = PubSubEmulatorProcess.start()) {
            PubSubQueueSettings defaults = PubSubQueueSettings.defaults(PUBSUB_PROJECT);
            PubSubQueueSettings queueSettings = new PubSubQueueSettings(PUBSUB_PROJECT, defaults.jobsTopic(),
                    defaults.eventsTopic(), defaults.deadLetterTopic(), defaults.workersSubscription(),
                    defaults.deadLetterSubscription(), defaults.maxDeliveryAttempts(), defaults.leaseDuration(),
                    defaults.publishTimeout(), true, Optional.of(emulator.hostPort()));
            PubSubTopology.ensure(queueSettings);
            try (PubSubJobQueue queue = new PubSubJobQueue(queueSettings)) {
                JobQueueHop.measure(queue, settings).putInto(results, PUBSUB);
            }
        }
    }

    /** BullMQ is installed into {@code bench/target/work/bullmq}, kept across runs so npm runs once. */
    private static void bullMq(BenchContext context, HopSettings settings, Results results) throws Exception {
        try {
            new BullMqHop(context.root(), context.work().resolve("bullmq")).measure(settings).putInto(results, BULLMQ);
        } catch (HopSkipped skipped) {
            results.put(BULLMQ + ".skipped", skipped.getMessage());
        }
    }
}
