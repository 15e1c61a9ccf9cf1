package ai.induo.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * What {@link KafkaBrokerMain} is asked to run, parsed from its command line, and the
 * {@code server.properties} of the single-node KRaft broker that follows from it.
 *
 * @param dataDir where the broker keeps its configuration and logs
 * @param port the client (PLAINTEXT) port on 127.0.0.1
 * @param controllerPort the KRaft controller port on 127.0.0.1
 * @param partitions partitions of topics created without an explicit count
 * @param recordLockDuration share-group acquisition lock, broker default when empty
 * @param parentPid a process whose end stops the broker, so a crashed test JVM leaves none behind
 */
record KafkaBrokerConfig(
        Path dataDir,
        int port,
        int controllerPort,
        int partitions,
        Optional<Duration> recordLockDuration,
        Optional<Long> parentPid) {

    static final String DIR = "dir";
    static final String PORT = "port";
    static final String CONTROLLER_PORT = "controller-port";
    static final String PARTITIONS = "partitions";
    static final String LOCK_DURATION_MS = "lock-duration-ms";
    static final String PARENT_PID = "parent-pid";

    static final int DEFAULT_PARTITIONS = 6;
    static final String LOG_DIR_NAME = "kraft-logs";
    static final String PROPERTIES_FILE_NAME = "server.properties";

    private static final int NODE_ID = 1;
    private static final String HOST = "127.0.0.1";
    /** The broker refuses a group lock duration below this unless its own minimum is lowered too. */
    private static final Duration BROKER_MIN_LOCK_DURATION = Duration.ofSeconds(15);
    private static final Duration SHARE_HEARTBEAT_INTERVAL = Duration.ofMillis(500);

    static KafkaBrokerConfig fromArgs(String[] args) {
        CommandLineOptions options = CommandLineOptions.parse(
                args, Set.of(DIR, PORT, CONTROLLER_PORT, PARTITIONS, LOCK_DURATION_MS, PARENT_PID));
        return new KafkaBrokerConfig(
                options.requiredPath(DIR),
                options.requiredPort(PORT),
                options.requiredPort(CONTROLLER_PORT),
                options.integer(PARTITIONS, DEFAULT_PARTITIONS),
                options.millis(LOCK_DURATION_MS),
                options.text(PARENT_PID).map(Long::valueOf));
    }

    Path logDir() {
        return dataDir.resolve(LOG_DIR_NAME);
    }

    Path propertiesFile() {
        return dataDir.resolve(PROPERTIES_FILE_NAME);
    }

    String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** A single node that is both broker and controller, on loopback, with one replica of everything. */
    Properties serverProperties() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + bootstrapServers());
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir().toAbsolutePath().toString());
        p.setProperty("num.partitions", Integer.toString(partitions));
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.num.partitions", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("group.share.min.heartbeat.interval.ms", Long.toString(SHARE_HEARTBEAT_INTERVAL.toMillis()));
        p.setProperty("group.share.heartbeat.interval.ms", Long.toString(SHARE_HEARTBEAT_INTERVAL.toMillis()));
        recordLockDuration.ifPresent(lock -> {
            p.setProperty("group.share.record.lock.duration.ms", Long.toString(lock.toMillis()));
            if (lock.compareTo(BROKER_MIN_LOCK_DURATION) < 0) {
                p.setProperty("group.share.min.record.lock.duration.ms", Long.toString(lock.toMillis()));
            }
        });
        return p;
    }
}
