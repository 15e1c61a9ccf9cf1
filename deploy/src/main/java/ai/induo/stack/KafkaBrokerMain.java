package ai.induo.stack;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * Runs a single-node Apache Kafka broker (KRaft, broker and controller in one process) on
 * 127.0.0.1 until the process is stopped. Formats its storage on first start and keeps it, so
 * topics and share-group state survive a restart.
 *
 * <pre>
 * java -cp 'deploy/target/stack-lib/*' ai.induo.stack.KafkaBrokerMain \
 *     --dir .induo/kafka --port 9092 --controller-port 9093 [--partitions 6] [--lock-duration-ms 30000]
 * </pre>
 */
public final class KafkaBrokerMain {

    private static final String META_PROPERTIES = "meta.properties";

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws IOException {
        StackRuntime.useStackLogging();
        KafkaBrokerConfig config;
        try {
            config = KafkaBrokerConfig.fromArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        config.parentPid().ifPresent(StackRuntime::exitWhenParentEnds);
        Properties properties = config.serverProperties();
        Files.createDirectories(config.logDir());
        try (OutputStream out = Files.newOutputStream(config.propertiesFile())) {
            properties.store(out, "Written by " + KafkaBrokerMain.class.getName() + " at every start");
        }
        formatOnce(config);

        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "kafka-shutdown"));
        try {
            server.startup();
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.out.println(KafkaBrokerProcess.READY_MARKER + " " + config.bootstrapServers());
        server.awaitShutdown();
    }

    /**
     * Formats the log directory with a new cluster id unless it was formatted before: a formatted
     * directory keeps its cluster id, topics and share-group state.
     */
    private static void formatOnce(KafkaBrokerConfig config) {
        if (Files.exists(config.logDir().resolve(META_PROPERTIES))) {
            return;
        }
        int exitCode = StorageTool.execute(new String[] {
            "format",
            "--cluster-id", Uuid.randomUuid().toString(),
            "--config", config.propertiesFile().toString()
        }, System.out);
        if (exitCode != 0) {
            throw new IllegalStateException(
                    "formatting Kafka storage in " + config.logDir() + " failed with " + exitCode);
        }
    }
}
