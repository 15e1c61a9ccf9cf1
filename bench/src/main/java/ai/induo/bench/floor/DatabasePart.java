package ai.induo.bench.floor;

import ai.induo.bench.stack.StackProcess;
import ai.induo.stack.MongoServerMain;
import ai.induo.stack.Ports;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * The database writes a job needs, straight through the synchronous driver: insert the job as
 * queued, claim it (one conditional {@code findOneAndUpdate}), finish it (one conditional update).
 * Against the stack's own MongoDB-wire server ({@code MongoServerMain} with its file store), in a
 * process of its own whose CPU counts, as it does the work.
 */
final class DatabasePart implements FloorPart {

    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final String WORKER = "floor-worker";

    private final StackProcess server;
    private final MongoClient client;
    private final MongoCollection<Document> jobs;
    private long next;

    DatabasePart(Path root, Path work) throws Exception {
        int port = Ports.freePort();
        server = StackProcess.start(StackProcess.stackLib(root), "512m", MongoServerMain.class.getName(),
                List.of("--port", Integer.toString(port), "--file", work.resolve("floor.mv").toString()),
                MongoServerMain.READY_MARKER, work.resolve("mongodb.log"));
        try {
            client = MongoClients.create("mongodb://127.0.0.1:" + port);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        jobs = client.getDatabase("induo_floor").getCollection("jobs");
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public List<Long> helperPids() {
        return List.of(server.pid());
    }

    @Override
    public void runOneJob() {
        String id = "job_floor_" + next++;
        Date now = Date.from(Instant.now());
        jobs.insertOne(new Document("_id", id)
                .append("account_id", "acct_floor")
                .append("status", "queued")
                .append("model", "induo-noop")
                .append("attempt", 0)
                .append("max_attempts", 3)
                .append("dispatched", false)
                .append("inputs", List.of(input("person", id), input("product", id)))
                .append("created_at", now)
                .append("updated_at", now));
        jobs.findOneAndUpdate(Filters.and(Filters.eq("_id", id), Filters.eq("status", "queued")),
                Updates.combine(Updates.set("status", "running"), Updates.set("lease_owner", WORKER),
                        Updates.set("lease_expires_at", Date.from(now.toInstant().plus(LEASE))),
                        Updates.set("started_at", now), Updates.inc("attempt", 1)));
        jobs.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("status", "running"), Filters.eq("lease_owner", WORKER)),
                Updates.combine(Updates.set("status", "succeeded"),
                        Updates.set("outputs", List.of(new Document("object_key", id + "/output.png").append("bytes", 100_000))),
                        Updates.set("finished_at", Date.from(Instant.now())), Updates.unset("lease_owner")));
    }

    private static Document input(String role, String jobId) {
        return new Document("role", role).append("object_key", jobId + "/" + role + ".png")
                .append("content_type", "image/png").append("bytes", 100_000).append("width", 384).append("height", 512);
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
