package ai.induo.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Forks the MongoDB-wire server from {@code stack-lib}, so it runs after {@code package}. */
class MongoServerMainIT {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private Path dir;
    private int port;

    @BeforeEach
    void createDir() throws IOException {
        Files.createDirectories(Path.of("target"));
        dir = Files.createTempDirectory(Path.of("target"), "mongo-server-it-");
        port = Ports.freePort();
    }

    @AfterEach
    void deleteDir() throws IOException {
        StackFiles.deleteRecursively(dir);
    }

    @Test
    void documentsInTheFileSurviveARestart() throws Exception {
        Path file = dir.resolve("db").resolve("induo.mv");
        Process first = startServer("--port", Integer.toString(port), "--file", file.toString());
        try (MongoClient client = client()) {
            jobs(client).insertOne(new Document("_id", "job_1").append("status", "queued"));
        } finally {
            stop(first);
        }

        Process second = startServer("--port", Integer.toString(port), "--file", file.toString());
        try (MongoClient client = client()) {
            assertThat(jobs(client).find(new Document("_id", "job_1")).first()).containsEntry("status", "queued");
        } finally {
            stop(second);
        }
    }

    @Test
    void serverWithoutAFileStartsEmpty() throws Exception {
        Process server = startServer("--port", Integer.toString(port));
        try (MongoClient client = client()) {
            assertThat(jobs(client).countDocuments()).isZero();
        } finally {
            stop(server);
        }
    }

    private Process startServer(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", Path.of(System.getProperty(KafkaBrokerProcess.STACK_LIB_PROPERTY)).resolve("*").toString(),
                MongoServerMain.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader output =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        StringBuilder seen = new StringBuilder();
        for (String line; System.nanoTime() < deadline && (line = output.readLine()) != null; ) {
            seen.append(line).append('\n');
            if (line.startsWith(MongoServerMain.READY_MARKER)) {
                return process;
            }
        }
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        throw new IllegalStateException("MongoDB-wire server did not start:\n" + seen);
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }

    private MongoClient client() {
        return MongoClients.create("mongodb://127.0.0.1:" + port);
    }

    private static MongoCollection<Document> jobs(MongoClient client) {
        return client.getDatabase("induo").getCollection("jobs");
    }
}
