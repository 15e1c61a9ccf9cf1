package ai.induo.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaBrokerConfigTest {

    private static final String[] REQUIRED = {"--dir", "/data/kafka", "--port", "19092", "--controller-port", "19093"};

    @Test
    void requiredOptionsGiveASingleNodeBrokerOnLoopback() {
        KafkaBrokerConfig config = KafkaBrokerConfig.fromArgs(REQUIRED);

        Properties properties = config.serverProperties();

        assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(properties)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
                .containsEntry("log.dirs", Path.of("/data/kafka", "kraft-logs").toString())
                .containsEntry("num.partitions", "6")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("share.coordinator.state.topic.replication.factor", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("group.share.heartbeat.interval.ms", "500")
                .doesNotContainKey("group.share.record.lock.duration.ms");
    }

    @Test
    void shortLockDurationAlsoLowersTheBrokersMinimum() {
        KafkaBrokerConfig config =
                KafkaBrokerConfig.fromArgs(withOptions("--lock-duration-ms", "3000", "--partitions", "2"));

        assertThat(config.recordLockDuration()).contains(Duration.ofSeconds(3));
        assertThat(config.serverProperties())
                .containsEntry("group.share.record.lock.duration.ms", "3000")
                .containsEntry("group.share.min.record.lock.duration.ms", "3000")
                .containsEntry("num.partitions", "2");
    }

    @Test
    void lockDurationWithinTheBrokersRangeKeepsItsMinimum() {
        KafkaBrokerConfig config = KafkaBrokerConfig.fromArgs(withOptions("--lock-duration-ms", "45000"));

        assertThat(config.serverProperties())
                .containsEntry("group.share.record.lock.duration.ms", "45000")
                .doesNotContainKey("group.share.min.record.lock.duration.ms");
    }

    @Test
    void parentPidIsOptional() {
        assertThat(KafkaBrokerConfig.fromArgs(REQUIRED).parentPid()).isEmpty();
        assertThat(KafkaBrokerConfig.fromArgs(withOptions("--parent-pid", "4242")).parentPid())
                .isEqualTo(Optional.of(4242L));
    }

    @Test
    void missingPortIsReported() {
        assertThatThrownBy(() -> KafkaBrokerConfig.fromArgs(new String[] {"--dir", "/d", "--controller-port", "2"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option --port is required");
    }

    @Test
    void unknownOptionIsReported() {
        assertThatThrownBy(() -> KafkaBrokerConfig.fromArgs(withOptions("--replicas", "3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown option --replicas");
    }

    @Test
    void optionWithoutValueIsReported() {
        assertThatThrownBy(() -> KafkaBrokerConfig.fromArgs(withOptions("--partitions")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option --partitions needs a value");
    }

    @Test
    void portOutOfRangeIsReported() {
        String[] args = {"--dir", "/d", "--port", "70000", "--controller-port", "2"};

        assertThatThrownBy(() -> KafkaBrokerConfig.fromArgs(args))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option --port must be a TCP port, got 70000");
    }

    @Test
    void repeatedOptionIsReported() {
        assertThatThrownBy(() -> KafkaBrokerConfig.fromArgs(withOptions("--port", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option --port given twice");
    }

    private static String[] withOptions(String... extra) {
        String[] args = new String[REQUIRED.length + extra.length];
        System.arraycopy(REQUIRED, 0, args, 0, REQUIRED.length);
        System.arraycopy(extra, 0, args, REQUIRED.length, extra.length);
        return args;
    }
}
