package ai.induo.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * {@code pubsub} queue backend ({@code ./induo up --queue pubsub} runs the same launcher). {@link #start()} returns once
 * the emulator answers; {@link #stop()} ends its whole process tree. The emulator keeps its topics,
 * subscriptions and messages in memory only: a {@link #restart()} comes back empty on the same port.
 */
public final class PubSubEmulatorProcess implements AutoCloseable {

    /** Where the Debian package installs the launcher. */
    public static final Path LAUNCHER =
            Path.of("/usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator");

    private static final String HOST = "127.0.0.1";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(100);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final int port;
    private final Path log;
    private final HttpClient probeClient = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
    private Process process;

    private PubSubEmulatorProcess(int port, Path log) {
        this.port = port;
        this.log = log;
    }

    /** Starts an emulator on a free port and waits until it answers. */
    public static PubSubEmulatorProcess start() {
        try {
            return start(freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts an emulator on {@code port} and waits until it answers. */
    public static PubSubEmulatorProcess start(int port) {
        if (!Files.isExecutable(LAUNCHER)) {
            throw new IllegalStateException("Pub/Sub emulator not installed at " + LAUNCHER
                    + " (Debian package google-cloud-cli-pubsub-emulator)");
        }
        try {
            Path log = Files.createTempFile("pubsub-emulator-", ".log");
            PubSubEmulatorProcess emulator = new PubSubEmulatorProcess(port, log);
            emulator.launch();
            return emulator;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** Starts the emulator again on the same port, empty, and waits until it answers. */
    public synchronized void restart() {
        stop();
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void launch() throws IOException {
        process = new ProcessBuilder(LAUNCHER.toString(), "--host=" + HOST, "--port=" + port)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (!answers()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Pub/Sub emulator exited during start; see " + log);
            }
            if (System.nanoTime() - deadline > 0) {
                stop();
                throw new IllegalStateException("Pub/Sub emulator did not answer within " + STARTUP_TIMEOUT + "; see " + log);
            }
            try {
                Thread.sleep(PROBE_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new IllegalStateException("interrupted while waiting for the Pub/Sub emulator", e);
            }
        }
    }

    private boolean answers() {
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://" + hostPort() + "/"))
                .timeout(PROBE_TIMEOUT).GET().build();
        try {
            return probeClient.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }
}
