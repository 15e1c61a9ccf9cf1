package ai.induo.testing;

import ai.induo.stack.KafkaBrokerProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Starts a real single-node Kafka broker ({@link KafkaBrokerProcess}) for a Quarkus test and points
 * the application at it. One broker per JVM and lock setting is shared by every test class using
 * this resource, and stopped when the last of them stops.
 *
 * <p>Optional init argument {@value #LOCK_DURATION_MS_ARG}: the broker's share-group record lock in
 * milliseconds (at least 1000), for tests of lease expiry:
 * {@code @QuarkusTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name =
 * "lock-duration-ms", value = "3000"))}.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    /** Init argument: the broker's share-group record lock duration in milliseconds. */
    public static final String LOCK_DURATION_MS_ARG = "lock-duration-ms";
    /** The Induo Kafka adapters' setting. */
    public static final String BOOTSTRAP_SERVERS_KEY = "induo.queue.kafka.bootstrap-servers";
    /** Quarkus' and SmallRye Reactive Messaging's setting. */
    public static final String QUARKUS_BOOTSTRAP_SERVERS_KEY = "kafka.bootstrap.servers";

    private static final Map<Optional<Duration>, SharedBroker> BROKERS = new HashMap<>();

    private Optional<Duration> lockDuration = Optional.empty();
    private SharedBroker broker;

    @Override
    public void init(Map<String, String> initArgs) {
        lockDuration = Optional.ofNullable(initArgs.get(LOCK_DURATION_MS_ARG))
                .map(value -> Duration.ofMillis(Long.parseLong(value)));
    }

    @Override
    public Map<String, String> start() {
        synchronized (BROKERS) {
            broker = BROKERS.computeIfAbsent(lockDuration, SharedBroker::start);
            broker.users++;
            String bootstrapServers = broker.process.bootstrapServers();
            return Map.of(BOOTSTRAP_SERVERS_KEY, bootstrapServers, QUARKUS_BOOTSTRAP_SERVERS_KEY, bootstrapServers);
        }
    }

    @Override
    public void stop() {
        synchronized (BROKERS) {
            if (broker == null) {
                return;
            }
            broker.users--;
            if (broker.users == 0) {
                BROKERS.remove(lockDuration);
                broker.stop();
            }
            broker = null;
        }
    }

    /** A broker process, its temporary data directory and how many started resources use it. */
    private static final class SharedBroker {

        private final KafkaBrokerProcess process;
        private final Path dataDir;
        private int users;

        private SharedBroker(KafkaBrokerProcess process, Path dataDir) {
            this.process = process;
            this.dataDir = dataDir;
        }

        static SharedBroker start(Optional<Duration> lockDuration) {
            try {
                Path dataDir = Files.createTempDirectory("induo-kafka-test-");
                KafkaBrokerProcess process = lockDuration
                        .map(lock -> KafkaBrokerProcess.start(dataDir, lock))
                        .orElseGet(() -> KafkaBrokerProcess.start(dataDir));
                return new SharedBroker(process, dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a Kafka data directory", e);
            }
        }

        void stop() {
            process.close();
            try (Stream<Path> paths = Files.walk(dataDir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete Kafka data directory " + dataDir, e);
            }
        }
    }
}
