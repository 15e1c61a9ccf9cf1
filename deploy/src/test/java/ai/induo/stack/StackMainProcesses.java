package ai.induo.stack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Forks a stack main class from {@code stack-lib} (so its tests run after {@code package}) and waits until it is ready. */
final class StackMainProcesses {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private StackMainProcesses() {
    }

    /**
     * Starts {@code mainClass} with {@code args} and returns once it printed a line starting with {@code readyMarker}.
     *
     * @param readyLine receives that line
     */
    static Process start(Class<?> mainClass, String readyMarker, StringBuilder readyLine, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", Path.of(System.getProperty(KafkaBrokerProcess.STACK_LIB_PROPERTY)).resolve("*").toString(),
                mainClass.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader output =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        StringBuilder seen = new StringBuilder();
        for (String line; System.nanoTime() < deadline && (line = output.readLine()) != null; ) {
            seen.append(line).append('\n');
            if (line.startsWith(readyMarker)) {
                readyLine.append(line);
                return process;
            }
        }
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        throw new IllegalStateException(mainClass.getSimpleName() + " did not start:\n" + seen);
    }

    /** Stops the process as the stack does (SIGTERM) and answers whether it ended in time. */
    static boolean stop(Process process) throws InterruptedException {
        process.destroy();
        return process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
