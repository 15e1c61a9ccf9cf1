package ai.induo.bench.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One of the local stack's servers ({@code ai.induo.stack.*Main} from {@code deploy/target/stack-lib})
 * in a JVM of its own, output to a log file, started once its ready line is printed. The bench reads
 * its CPU time by {@link #pid()}.
 */
public final class StackProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration READY_POLL = Duration.ofMillis(100);

    private final Process process;

    private StackProcess(Process process) {
        this.process = process;
    }

    /**
     * Starts {@code mainClass} with {@code arguments} and waits until {@code log} holds {@code readyMarker}.
     *
     * @param stackLib the directory of the stack's jars, {@code deploy/target/stack-lib}
     * @param heap     the {@code -Xmx} value, e.g. {@code 512m}
     */
    public static StackProcess start(Path stackLib, String heap, String mainClass, List<String> arguments,
            String readyMarker, Path log) throws IOException, InterruptedException {
        if (!Files.isDirectory(stackLib)) {
            throw new IllegalStateException(stackLib + " is missing: run mvn -pl deploy -am package -DskipTests");
        }
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-cp", stackLib.resolve("*").toString(), mainClass));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        StackProcess started = new StackProcess(process);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.readString(log, StandardCharsets.UTF_8).contains(readyMarker)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                started.close();
                throw new IllegalStateException(mainClass + " did not become ready; see " + log);
            }
            Thread.sleep(READY_POLL.toMillis());
        }
        return started;
    }

    public long pid() {
        return process.pid();
    }

    /** Stops the process (SIGTERM, then SIGKILL when it has not ended in time). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The stack's jars under the repository root. */
    public static Path stackLib(Path root) {
        return root.resolve("deploy/target/stack-lib");
    }
}
