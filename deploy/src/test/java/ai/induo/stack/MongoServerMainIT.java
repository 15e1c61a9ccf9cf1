package ai.induo.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Forks the MongoDB-wire server from {@code stack-lib}, so it runs after {@code package}. */
class MongoServerMainIT {

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

    private static Process startServer(String... args) throws IOException, InterruptedException {
        return StackMainProcesses.start(MongoServerMain.class, MongoServerMain.READY_MARKER, new StringBuilder(), args);
    }

    private static void stop(Process process) throws InterruptedException {
        assertThat(StackMainProcesses.stop(process)).isTrue();
    }

    private MongoClient client() {
        return MongoClients.create("mongodb://127.0.0.1:" + port);
    }

    private static MongoCollection<Document> jobs(MongoClient client) {
        return client.getDatabase("induo").getCollection("jobs");
    }
}
