package ai.induo.e2e;

import ai.induo.stack.KafkaBrokerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A part of the platform (the packaged gateway or worker, or the MongoDB-wire database) run as its
 * own process, the way ./induo runs it. It can be killed, stopped and started again on the same
 * ports with the same settings; its output is appended to {@code <logDir>/<name>.log} across starts.
 * The gateway and the worker serve health and metrics on their management port only.
 */
final class ServiceProcess implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** Longer than the gateway's shutdown timeout and the worker's shutdown grace (20 s each). */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READY_POLL_INTERVAL = Duration.ofMillis(250);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final int LOG_TAIL_LINES = 40;
    private static final String SERVICE_HEAP = "-Xmx512m";
    private static final String DATABASE_MAIN = "ai.induo.stack.MongoServerMain";

    /** Whether a started process serves yet. */
    @FunctionalInterface
    private interface ReadinessProbe {
        boolean ready() throws IOException, InterruptedException;
    }

    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private final int port;
    /** Where the management interface serves health and metrics; null for the database, which has none. */
    private final URI management;
    private final ReadinessProbe probe;
    private Process process;

    private ServiceProcess(String name, List<String> command, Map<String, String> env, Path log, int port,
            URI management, ReadinessProbe probe) {
        this.name = name;
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.log = log;
        this.port = port;
        this.management = management;
        this.probe = probe;
    }

    /**
     * Starts {@code java -jar jar} with {@code env} added (which sets its ports), and waits until
     * {@code /q/health/ready} answers 200 on {@code managementPort}.
     */
    static ServiceProcess start(String name, String jarProperty, int port, int managementPort, Map<String, String> env,
            Path logDir) throws IOException {
        return start(name, jarProperty, port, managementPort, env, List.of(), logDir);
    }

    /**
     * Starts {@code java <jvmOptions> -jar jar} with {@code env} added (which sets its ports), and waits
     * until {@code /q/health/ready} answers 200 on {@code managementPort}. The options come after the
     * default heap, so a later {@code -Xmx} wins.
     *
     * @param port the port it serves on: the gateway's API port; the worker's only port is its management port
     */
    static ServiceProcess start(String name, String jarProperty, int port, int managementPort, Map<String, String> env,
            List<String> jvmOptions, Path logDir) throws IOException {
        String jar = System.getProperty(jarProperty);
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException(name + " is not packaged at " + jar + ": run mvn verify from the project root");
        }
        List<String> command = new ArrayList<>(List.of(javaBinary(), SERVICE_HEAP));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar));
        URI management = URI.create("http://127.0.0.1:" + managementPort + "/q/");
        return launched(new ServiceProcess(name, command, env, logFile(logDir, name), port, management,
                healthReady(management)));
    }

    /**
     * Starts the MongoDB-wire server ({@code MongoServerMain} from the stack classpath) on
     * {@code port}, keeping its data in the H2 file {@code dataFile} so that a restart keeps it, and
     * waits until it accepts connections.
     */
    static ServiceProcess startDatabase(String name, int port, Path dataFile, Path logDir) throws IOException {
        String stackLib = System.getProperty(KafkaBrokerProcess.STACK_LIB_PROPERTY);
        if (stackLib == null || !Files.isDirectory(Path.of(stackLib))) {
            throw new IllegalStateException("the stack classpath " + stackLib + " (" + KafkaBrokerProcess.STACK_LIB_PROPERTY
                    + ") is missing: run mvn verify from the project root");
        }
        List<String> command = List.of(javaBinary(), SERVICE_HEAP, "-cp", Path.of(stackLib).resolve("*").toString(),
                DATABASE_MAIN, "--port", Integer.toString(port), "--file", dataFile.toAbsolutePath().toString());
        return launched(new ServiceProcess(name, command, Map.of(), logFile(logDir, name), port, null, accepting(port)));
    }

    /** JVM options setting these system properties, {@code -Dkey=value}. */
    static List<String> systemProperties(Map<String, String> properties) {
        return properties.entrySet().stream().map(property -> "-D" + property.getKey() + "=" + property.getValue()).toList();
    }

    /**
     * Closes every part that is there (nulls are skipped), going on after a failure: added to
     * {@code cause} when one is given, printed otherwise.
     */
    static void stopAll(List<? extends AutoCloseable> parts, Exception cause) {
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                if (cause != null) {
                    cause.addSuppressed(e);
                } else {
                    System.err.println("stopping " + part + " failed: " + e);
                }
            }
        }
    }

    int port() {
        return port;
    }

    /** The management interface, {@code http://127.0.0.1:<management port>/q/}: {@code health}, {@code metrics}. */
    URI managementUri() {
        if (management == null) {
            throw new IllegalStateException(name + " has no management interface");
        }
        return management;
    }

    /** The process's output, both streams, over every start. */
    Path log() {
        return log;
    }

    String name() {
        return name;
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the process again with the same command, port and environment, and waits until it is ready. */
    synchronized void start() throws IOException {
        if (isRunning()) {
            throw new IllegalStateException(name + " is already running");
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        process = builder.start();
        awaitReady();
    }

    /** Kills the process at once (SIGKILL), as a crash or an OOM kill would, and waits until it is gone. */
    synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        awaitExit(process);
        process = null;
    }

    /** Stops the process gracefully (SIGTERM), killing it if it has not ended within {@link #STOP_TIMEOUT}. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!awaitExit(process)) {
            process.destroyForcibly();
            awaitExit(process);
        }
        process = null;
    }

    /** Stops the process gracefully and starts it again. */
    void restart() throws IOException {
        stop();
        start();
    }

    String logTail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    }

    @Override
    public void close() {
        stop();
    }

    private static ServiceProcess launched(ServiceProcess service) throws IOException {
        service.start();
        return service;
    }

    private void awaitReady() throws IOException {
        Process started = process;
        try {
            Awaitility.await(name + " ready").atMost(START_TIMEOUT).pollInterval(READY_POLL_INTERVAL).until(() -> {
                if (!started.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + started.exitValue() + ":\n" + logTail());
                }
                return probe.ready();
            });
        } catch (ConditionTimeoutException e) {
            kill();
            throw new IllegalStateException(name + " was not ready in " + START_TIMEOUT + ":\n" + logTail(), e);
        }
    }

    private static boolean awaitExit(Process process) {
        try {
            return process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static ReadinessProbe healthReady(URI management) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(management.resolve("health/ready")).timeout(PROBE_TIMEOUT).build();
        return () -> {
            try {
                return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        };
    }

    private static ReadinessProbe accepting(int port) {
        return () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), (int) PROBE_TIMEOUT.toMillis());
                return true;
            } catch (IOException e) {
                return false;
            }
        };
    }

    private static Path logFile(Path logDir, String name) throws IOException {
        Files.createDirectories(logDir);
        return logDir.resolve(name + ".log");
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
