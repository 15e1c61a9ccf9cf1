package ai.induo.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Kafka broker ({@link KafkaBrokerMain}) in a child JVM on 127.0.0.1 free ports, for
 * tests and tools. Its classpath is the deploy module's {@code stack-lib} directory, found through
 * the system property {@value #STACK_LIB_PROPERTY} or the environment variable
 * {@value #STACK_LIB_ENV}; this class itself needs no Kafka classes. The broker's output goes to
 * {@code broker.log} in the data directory, and the broker stops when the JVM that started it ends.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    /** System property naming the stack classpath directory (set by the build for every test run). */
    public static final String STACK_LIB_PROPERTY = "induo.stack.lib";
    /** Environment variable naming the stack classpath directory, used when the property is not set. */
    public static final String STACK_LIB_ENV = "INDUO_STACK_LIB";
    /** Name of the broker's output file in its data directory. */
    public static final String LOG_FILE_NAME = "broker.log";
    /** How long a broker may take to come up. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** How long a graceful stop may take before the broker is killed. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** Printed by {@link KafkaBrokerMain} once the broker serves clients. */
    static final String READY_MARKER = "induo: kafka broker ready on";

    private static final String HEAP = "-Xmx512m";
    private static final String BROKER_JAR_GLOB = "kafka_2.13-*.jar";
    private static final String STACK_JAR_GLOB = "induo-deploy-*.jar";

    private final Path dataDir;
    private final List<String> command;
    private final int port;
    private Process process;

    private KafkaBrokerProcess(Path dataDir, List<String> command, int port) {
        this.dataDir = dataDir;
        this.command = command;
        this.port = port;
    }

    /** Starts a broker with the broker's default share-group record lock duration. */
    public static KafkaBrokerProcess start(Path dataDir) {
        return start(dataDir, Optional.empty());
    }

    /**
     * Starts a broker whose share groups lock a delivered record for {@code recordLockDuration}
     * (at least one second), so tests of lock expiry run quickly.
     */
    public static KafkaBrokerProcess start(Path dataDir, Duration recordLockDuration) {
        return start(dataDir, Optional.of(recordLockDuration));
    }

    private static KafkaBrokerProcess start(Path dataDir, Optional<Duration> recordLockDuration) {
        Path dir = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Kafka data directory " + dir, e);
        }
        int port = Ports.freePort();
        List<String> command = new ArrayList<>(List.of(
                javaExecutable(), HEAP,
                "-cp", stackLib().resolve("*").toString(),
                KafkaBrokerMain.class.getName(),
                "--" + KafkaBrokerConfig.DIR, dir.toString(),
                "--" + KafkaBrokerConfig.PORT, Integer.toString(port),
                "--" + KafkaBrokerConfig.CONTROLLER_PORT, Integer.toString(Ports.freePort()),
                "--" + KafkaBrokerConfig.PARENT_PID, Long.toString(ProcessHandle.current().pid())));
        recordLockDuration.ifPresent(lock -> command.addAll(List.of(
                "--" + KafkaBrokerConfig.LOCK_DURATION_MS, Long.toString(lock.toMillis()))));
        KafkaBrokerProcess broker = new KafkaBrokerProcess(dir, List.copyOf(command), port);
        broker.launch();
        return broker;
    }

    /** {@code 127.0.0.1:port} of this broker; stays the same across {@link #restart()}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The broker's output, appended to across restarts. */
    public Path logFile() {
        return dataDir.resolve(LOG_FILE_NAME);
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the broker gracefully (SIGTERM), killing it if it has not ended within {@link #STOP_TIMEOUT}. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!awaitExit(STOP_TIMEOUT)) {
            process.destroyForcibly();
            awaitExit(STOP_TIMEOUT);
        }
        process = null;
    }

    /** Kills the broker at once (SIGKILL), as a crash would. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        awaitExit(STOP_TIMEOUT);
        process = null;
    }

    /** Stops the broker if it runs, then starts it again on the same ports and data directory. */
    public synchronized void restart() {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void launch() {
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka broker JVM", e);
        }
        ProcessOutput.awaitReady(process, logFile(), READY_MARKER, START_TIMEOUT, "Kafka broker on port " + port,
                this::kill);
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path stackLib() {
        String configured = Optional.ofNullable(System.getProperty(STACK_LIB_PROPERTY))
                .orElseGet(() -> System.getenv(STACK_LIB_ENV));
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("The Kafka stack classpath is not configured: set system property "
                    + STACK_LIB_PROPERTY + " or environment variable " + STACK_LIB_ENV
                    + " to deploy/target/stack-lib (run mvn package first)");
        }
        Path dir = Path.of(configured);
        if (!containsJar(dir, BROKER_JAR_GLOB) || !containsJar(dir, STACK_JAR_GLOB)) {
            throw new IllegalStateException("No Kafka broker or induo-deploy jar in " + dir + " (" + STACK_LIB_PROPERTY
                    + " / " + STACK_LIB_ENV + "); run mvn package first so the deploy module fills it");
        }
        return dir;
    }

    private static boolean containsJar(Path dir, String glob) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, glob)) {
            return jars.iterator().hasNext();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
