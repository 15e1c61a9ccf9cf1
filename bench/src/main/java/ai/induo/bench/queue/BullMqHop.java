package ai.induo.bench.queue;

import ai.induo.bench.Latencies;
import ai.induo.stack.Ports;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The same hop on BullMQ with Redis, the well-known peer, set up by the bench itself: Redis from
 * Debian's package (installed with apt-get when missing and the bench runs as root), BullMQ from npm
 * into {@code <dir>/node_modules}, and {@code bench/src/main/node/bullmq-hop.mjs} run by node.
 */
final class BullMqHop {

    /** The BullMQ release the bench installs. */
    static final String BULLMQ_VERSION = "5.81.5";
    static final String SCRIPT = "bench/src/main/node/bullmq-hop.mjs";
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration HOP_TIMEOUT = Duration.ofMinutes(10);

    private final Path root;
    private final Path dir;

    /**
     * @param root the repository root, where the script is
     * @param dir  the directory BullMQ is installed into and Redis runs in
     */
    BullMqHop(Path root, Path dir) {
        this.root = root;
        this.dir = dir;
    }

    /** The command that installs BullMQ into {@code dir}. */
    static List<String> npmInstallCommand(Path dir) {
        return List.of("npm", "install", "--prefix", dir.toString(), "--no-audit", "--no-fund",
                "--loglevel", "error", "bullmq@" + BULLMQ_VERSION);
    }

    /** The command that runs the hop against Redis on {@code port}. */
    static List<String> nodeCommand(Path script, int port, HopSettings settings) {
        return List.of("node", script.toString(),
                "--port", Integer.toString(port),
                "--messages", Integer.toString(settings.messages()),
                "--publishers", Integer.toString(settings.publishers()),
                "--in-flight", Integer.toString(settings.inFlight()));
    }

    /** The script's one line of output as figures. */
    static HopFigures parse(String json) throws IOException {
        JsonNode output = new ObjectMapper().readTree(json);
        Latencies latencies = new Latencies();
        output.get("latencies_ns").forEach(latency -> latencies.record(latency.asLong()));
        return new HopFigures(output.get("received").asInt(), output.get("seconds").asDouble(), latencies);
    }

    HopFigures measure(HopSettings settings) throws Exception {
        Path redis = redisServer();
        Path script = installBullMq();
        try (RedisServer server = RedisServer.start(redis, Ports.freePort(), dir.resolve("redis"))) {
            return parse(runHop(script, server.port(), settings));
        }
    }

    private Path redisServer() throws HopSkipped, IOException, InterruptedException {
        Optional<Path> installed = RedisServer.find(System.getenv().getOrDefault("PATH", ""));
        if (installed.isPresent()) {
            return installed.get();
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new HopSkipped(RedisServer.EXECUTABLE + " is not installed and the bench does not run as root to "
                    + "install it: run " + String.join(" ", RedisServer.installCommand()) + " as root");
        }
        SetupCommand.run(RedisServer.installCommand(), Map.of("DEBIAN_FRONTEND", "noninteractive"),
                dir.resolve("apt-get.log"), INSTALL_TIMEOUT);
        return RedisServer.find(System.getenv().getOrDefault("PATH", "") + ":/usr/bin")
                .orElseThrow(() -> new IOException("apt-get installed " + RedisServer.EXECUTABLE + " but it is not on the PATH"));
    }

    private Path installBullMq() throws IOException, InterruptedException {
        Path installed = dir.resolve("node_modules/bullmq/package.json");
        if (!Files.isRegularFile(installed)
                || !new ObjectMapper().readTree(installed.toFile()).path("version").asText().equals(BULLMQ_VERSION)) {
            SetupCommand.run(npmInstallCommand(dir), Map.of(), dir.resolve("npm.log"), INSTALL_TIMEOUT);
        }
        // Node resolves 'bullmq' from the script's own directory, so the script runs from beside node_modules.
        return Files.copy(root.resolve(SCRIPT), dir.resolve("bullmq-hop.mjs"), StandardCopyOption.REPLACE_EXISTING);
    }

    private String runHop(Path script, int port, HopSettings settings) throws IOException, InterruptedException {
        Path output = dir.resolve("hop.json");
        Path log = dir.resolve("hop.log");
        Process process = new ProcessBuilder(nodeCommand(script, port, settings))
                .redirectOutput(output.toFile())
                .redirectError(log.toFile())
                .start();
        if (!process.waitFor(HOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IOException("the BullMQ hop did not end within " + HOP_TIMEOUT + "; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IOException("the BullMQ hop exited " + process.exitValue() + ": " + Files.readString(log).strip());
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(output));
        lines.removeIf(String::isBlank);
        if (lines.isEmpty()) {
            throw new IOException("the BullMQ hop printed nothing; see " + log);
        }
        return lines.get(lines.size() - 1);
    }
}
