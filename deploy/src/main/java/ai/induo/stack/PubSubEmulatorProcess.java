package ai.induo.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Google's Pub/Sub emulator (Debian package {@code google-cloud-cli-pubsub-emulator}) as a child
 * process on a loopback port, for tests of the Pub/Sub adapters and the end-to-end tests on the
 * {@code pubsub} queue backend ({@code ./induo up --queue pubsub} runs the same launcher).
 * {@link #start()} returns once the emulator logs that it serves (its output goes to a temporary
 * log file); {@link #stop()} ends its whole process tree. The emulator keeps its topics,
 * subscriptions and messages in memory only: a {@link #restart()} comes back empty on the same port.
 */
public final class PubSubEmulatorProcess implements AutoCloseable {

    /** Where the Debian package installs the launcher. */
    public static final Path LAUNCHER =
            Path.of("/usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator");

    private static final String HOST = "127.0.0.1";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    /** The emulator's log line once it serves. */
    private static final String READY_MARKER = "Server started, listening on";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final int port;
    private final Path log;
    private Process process;

    private PubSubEmulatorProcess(int port, Path log) {
        this.port = port;
        this.log = log;
    }

    /** Starts an emulator on a free port and waits until it serves. */
    public static PubSubEmulatorProcess start() {
        return start(Ports.freePort());
    }

    /** Starts an emulator on {@code port} and waits until it serves. */
    public static PubSubEmulatorProcess start(int port) {
        if (!Files.isExecutable(LAUNCHER)) {
            throw new IllegalStateException("Pub/Sub emulator not installed at " + LAUNCHER
                    + " (Debian package google-cloud-cli-pubsub-emulator)");
        }
        Path log;
        try {
            log = Files.createTempFile("pubsub-emulator-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Pub/Sub emulator's log file", e);
        }
        PubSubEmulatorProcess emulator = new PubSubEmulatorProcess(port, log);
        emulator.launch();
        return emulator;
    }

    /** {@code host:port}, the value of {@code PUBSUB_EMULATOR_HOST} for this emulator. */
    public String hostPort() {
        return HOST + ":" + port;
    }

    /** Ends the emulator and every process it started, as an outage would; the port stays reserved for {@link #restart()}. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                tree.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            for (ProcessHandle child : tree) {
                child.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the Pub/Sub emulator", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Pub/Sub emulator did not stop within " + STOP_TIMEOUT, e);
        }
        process = null;
    }

    /** Starts the emulator again on the same port, empty, and waits until it serves. */
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
            process = new ProcessBuilder(LAUNCHER.toString(), "--host=" + HOST, "--port=" + port)
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Pub/Sub emulator " + LAUNCHER, e);
        }
        ProcessOutput.awaitReady(process, log, READY_MARKER, STARTUP_TIMEOUT, "Pub/Sub emulator on port " + port,
                this::stop);
    }
}
