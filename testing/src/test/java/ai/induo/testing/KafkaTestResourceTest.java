package ai.induo.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

class KafkaTestResourceTest {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void resourcesShareOneBrokerThatStopsWithTheLastOfThem() throws Exception {
        KafkaTestResource first = new KafkaTestResource();
        KafkaTestResource second = new KafkaTestResource();
        first.init(Map.of());
        second.init(Map.of());

        Map<String, String> config = first.start();
        String bootstrapServers = config.get(KafkaTestResource.BOOTSTRAP_SERVERS_KEY);
        assertThat(config).containsEntry(KafkaTestResource.QUARKUS_BOOTSTRAP_SERVERS_KEY, bootstrapServers);
        assertThat(second.start()).isEqualTo(config);
        assertThat(brokerCount(bootstrapServers)).isEqualTo(1);

        first.stop();
        assertThat(brokerCount(bootstrapServers)).isEqualTo(1);
        second.stop();

        assertThatThrownBy(() -> connect(bootstrapServers)).isInstanceOf(IOException.class);
    }

    private static int brokerCount(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.describeCluster().nodes().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
        }
    }

    private static void connect(String bootstrapServers) throws IOException {
        String[] hostAndPort = bootstrapServers.split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostAndPort[0], Integer.parseInt(hostAndPort[1])), 1000);
        }
    }
}
