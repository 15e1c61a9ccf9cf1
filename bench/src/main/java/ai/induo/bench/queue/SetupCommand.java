package ai.induo.bench.queue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one set-up command (a package install) to its end, its output in a log file. */
final class SetupCommand {

    private static final int LOG_TAIL_CHARS = 2_000;

    private SetupCommand() {
    }

    /**
     * Runs {@code command} with {@code environment} added, its output going to {@code log}.
     *
     * @throws IOException when it cannot start, fails or outlives {@code timeout}, with the log's tail
     */
    static void run(List<String> command, Map<String, String> environment, Path log, Duration timeout)
            throws IOException, InterruptedException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IOException(String.join(" ", command) + " did not end within " + timeout + ": " + tail(log));
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ": " + tail(log));
        }
    }

    private static String tail(Path log) throws IOException {
        String output = Files.readString(log);
        return output.substring(Math.max(0, output.length() - LOG_TAIL_CHARS)).strip();
    }
}
