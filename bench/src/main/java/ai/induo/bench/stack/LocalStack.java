package ai.induo.bench.stack;

import ai.induo.bench.BenchContext;
import ai.induo.stack.Ports;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The whole local stack as {@code ./induo up} starts it (broker, database, mail sink, gateway,
 * worker), for a bench section: its state in {@code bench/target/work/stack} and every port it
 * listens on a free one, so it never meets a developer's {@code .induo/} stack. {@link #close()}
 * runs {@code ./induo down} with the same environment; so does a JVM shutdown before that.
 */
public final class LocalStack implements AutoCloseable {

    /** The parts whose pid files {@code ./induo up} writes, by the name of the file. */
    public static final String GATEWAY = "gateway";
    public static final String WORKER = "worker";
    public static final String DATABASE = "mongodb";
    public static final String BROKER = "kafka";

    private static final Duration UP_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration DOWN_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern PORT_VARIABLE = Pattern.compile("\\$\\{(INDUO_[A-Z_]+_PORT):-");

    private final Path root;
    private final Path home;
    private final Map<String, String> environment;
    private final Map<String, Long> pids;
    private final Thread downOnExit;

    private LocalStack(Path root, Path home, Map<String, String> environment, Map<String, Long> pids) {
        this.root = root;
        this.home = home;
        this.environment = environment;
        this.pids = pids;
        this.downOnExit = new Thread(this::down, "induo-down");
        Runtime.getRuntime().addShutdownHook(downOnExit);
    }

    /**
     * Starts a fresh stack (an earlier bench stack still running is stopped and its state deleted)
     * with {@code settings} added to the environment of {@code ./induo up}, e.g.
     * {@code INDUO_WORKER_MODEL_PATH}, and waits until every part is healthy. When a part does not
     * come up, the parts that did are stopped before the error is thrown.
     */
    public static LocalStack start(BenchContext context, Map<String, String> settings)
            throws IOException, InterruptedException {
        Path root = context.root();
        Path home = context.work().resolve("stack");
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("INDUO_HOME", home.toString());
        for (String variable : portVariables(Files.readString(root.resolve("induo"), StandardCharsets.UTF_8))) {
            environment.put(variable, Integer.toString(Ports.freePort()));
        }
        environment.putAll(settings);
        if (Files.isDirectory(home.resolve("run"))) {
            induo(root, environment, "down", context.work().resolve("stack-down.log"), DOWN_TIMEOUT);
        }
        ScratchDirectory.fresh(home);
        try {
            induo(root, environment, "up", context.work().resolve("stack-up.log"), UP_TIMEOUT);
        } catch (IOException | InterruptedException e) {
            induo(root, environment, "down", context.work().resolve("stack-down.log"), DOWN_TIMEOUT);
            throw e;
        }
        Map<String, Long> pids = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(home.resolve("run"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pid")).sorted().toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.pid$", "");
                pids.put(name, Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()));
            }
        }
        return new LocalStack(root, home, Map.copyOf(environment), Map.copyOf(pids));
    }

    /** The environment variables of the port settings at the top of {@code ./induo}. */
    static Set<String> portVariables(String script) {
        Set<String> variables = new TreeSet<>();
        Matcher matcher = PORT_VARIABLE.matcher(script);
        while (matcher.find()) {
            variables.add(matcher.group(1));
        }
        return variables;
    }

    /** The gateway's public API, e.g. {@code http://127.0.0.1:40123}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + environment.get("INDUO_GATEWAY_PORT"));
    }

    /** The gateway's management interface (health, {@code /q/metrics}). */
    public URI gatewayManagement() {
        return URI.create("http://127.0.0.1:" + environment.get("INDUO_GATEWAY_MANAGEMENT_PORT"));
    }

    /** The worker's management interface (health, {@code /q/metrics}). */
    public URI workerManagement() {
        return URI.create("http://127.0.0.1:" + environment.get("INDUO_WORKER_MANAGEMENT_PORT"));
    }

    /** The pid of each running part, by {@link #GATEWAY}, {@link #WORKER}, {@link #DATABASE}, {@link #BROKER}, … */
    public Map<String, Long> pids() {
        return pids;
    }

    /** The stack's {@code INDUO_HOME}: its logs are in {@code logs/}. */
    public Path home() {
        return home;
    }

    @Override
    public void close() {
        Runtime.getRuntime().removeShutdownHook(downOnExit);
        down();
    }

    private void down() {
        try {
            induo(root, environment, "down", home.getParent().resolve("stack-down.log"), DOWN_TIMEOUT);
        } catch (IOException e) {
            System.err.println("bench: ./induo down failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void induo(Path root, Map<String, String> environment, String command, Path log, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(root.resolve("induo").toString(), command))
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException("./induo " + command + " did not finish within " + timeout + "; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IOException("./induo " + command + " failed (exit " + process.exitValue() + "): "
                    + Files.readString(log, StandardCharsets.UTF_8).strip() + " (logs in " + log.getParent() + ")");
        }
    }
}
