package ai.induo.stack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child process's output (standard error merged into it): a daemon thread appends it to a log
 * file, line by line, and watches for the line that says the process is ready to serve.
 */
final class ProcessOutput {

    private static final int LOG_TAIL_LINES = 40;

    private ProcessOutput() {
    }

    /**
     * Follows {@code process}'s output into {@code log} and waits until a line contains
     * {@code readyMarker}.
     *
     * @param what names the process in the error, e.g. {@code "Kafka broker on port 9092"}
     * @param kill ends the process when it does not become ready
     * @throws IllegalStateException when the output ends, or {@code timeout} passes, before the ready
     *     line; its message ends with the log's last lines
     */
    static void awaitReady(Process process, Path log, String readyMarker, Duration timeout, String what,
            Runnable kill) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> copy(process, log, readyMarker, ready), "output-of-" + process.pid());
        pump.setDaemon(true);
        pump.start();
        try {
            ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill.run();
            throw new IllegalStateException("interrupted while waiting for the " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            kill.run();
            throw new IllegalStateException(what + " did not become ready within " + timeout + " ("
                    + e.getMessage() + "); last lines of " + log + ":\n" + tail(log), e);
        }
    }

    private static void copy(Process process, Path log, String readyMarker, CompletableFuture<Void> ready) {
        try (BufferedReader reader =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            String line;
            while ((line = reader.readLine()) != null) {
                out.write(line);
                out.write(System.lineSeparator());
                out.flush();
                if (line.contains(readyMarker)) {
                    ready.complete(null);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("the process ended"));
    }

    private static String tail(Path log) {
        Deque<String> tail = new ArrayDeque<>();
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            lines.forEach(line -> {
                tail.addLast(line);
                if (tail.size() > LOG_TAIL_LINES) {
                    tail.removeFirst();
                }
            });
        } catch (IOException | UncheckedIOException e) {
            return "(log not readable: " + e.getMessage() + ")";
        }
        return String.join("\n", tail);
    }
}
