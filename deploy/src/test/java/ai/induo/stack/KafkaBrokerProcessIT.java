package ai.induo.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Forks the real broker from {@code stack-lib}, so it runs after {@code package}. */
class KafkaBrokerProcessIT {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private Path dataDir;
    private KafkaBrokerProcess broker;

    @BeforeEach
    void startBroker() throws IOException {
        Files.createDirectories(Path.of("target"));
        dataDir = Files.createTempDirectory(Path.of("target"), "kafka-broker-it-");
        broker = KafkaBrokerProcess.start(dataDir);
    }

    @AfterEach
    void stopBroker() throws IOException {
        broker.close();
        StackFiles.deleteRecursively(dataDir);
    }

    @Test
    void brokerServesClientsAndKeepsItsTopicsAcrossACrash() throws Exception {
        String bootstrapServers = broker.bootstrapServers();
        createTopic("survivor");

        broker.kill();
        assertThat(broker.isRunning()).isFalse();
        assertThatThrownBy(this::connect).isInstanceOf(IOException.class);

        broker.restart();
        assertThat(broker.bootstrapServers()).isEqualTo(bootstrapServers);
        assertThat(topicNames()).contains("survivor");
    }

    @Test
    void stoppedBrokerLeavesNoProcessAndItsOutputInTheLog() throws IOException {
        broker.stop();

        assertThat(broker.isRunning()).isFalse();
        assertThatThrownBy(this::connect).isInstanceOf(IOException.class);
        assertThat(Files.readString(broker.logFile())).contains("kafka broker ready on " + broker.bootstrapServers());
    }

    private void createTopic(String name) throws ExecutionException, InterruptedException, TimeoutException {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private Set<String> topicNames() throws ExecutionException, InterruptedException, TimeoutException {
        try (Admin admin = admin()) {
            return admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private void connect() throws IOException {
        String[] hostAndPort = broker.bootstrapServers().split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostAndPort[0], Integer.parseInt(hostAndPort[1])), 1000);
        }
    }
}
