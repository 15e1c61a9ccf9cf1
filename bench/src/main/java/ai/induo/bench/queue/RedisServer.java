package ai.induo.bench.queue;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Redis from Debian's {@code redis-server} package for the BullMQ hop: on 127.0.0.1 and a free port,
 * no persistence (no RDB snapshots, no append-only file), its output in {@code redis.log} of its
 * directory; {@link #close()} ends it.
 */
final class RedisServer implements AutoCloseable {

    static final String EXECUTABLE = "redis-server";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(50);

    private final Process process;
    private final int port;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** {@code redis-server} on the {@code PATH}, if installed. */
    static Optional<Path> find(String path) {
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, EXECUTABLE))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** The command that installs Redis from Debian's package (run as root). */
    static List<String> installCommand() {
        return List.of("apt-get", "install", "-y", "--no-install-recommends", EXECUTABLE);
    }

    /** The command line of a Redis server on {@code port} with nothing written to disk. */
    static List<String> command(Path executable, int port, Path dir) {
        return List.of(executable.toString(),
                "--bind", "127.0.0.1",
                "--port", Integer.toString(port),
                "--dir", dir.toString(),
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no");
    }

    /** Starts Redis on {@code port} and waits until it accepts connections. */
    static RedisServer start(Path executable, int port, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Process process = new ProcessBuilder(command(executable, port, dir))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        RedisServer server = new RedisServer(process, port);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!server.accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IOException("Redis did not start on port " + port + " within " + START_TIMEOUT
                        + "; see " + dir.resolve("redis.log"));
            }
            Thread.sleep(POLL.toMillis());
        }
        return server;
    }

    int port() {
        return port;
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) POLL.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
