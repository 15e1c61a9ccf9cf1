package ai.induo.stack;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a MongoDB-wire server (de.bwaldvogel mongo-java-server) on 127.0.0.1 until the process is
 * stopped: in memory, or in an H2 MVStore file that survives restarts when {@code --file} is given.
 * The oplog is on, so change streams work.
 *
 * <pre>
 * java -cp 'deploy/target/stack-lib/*' ai.induo.stack.MongoServerMain --port 27017 [--file .induo/mongo/induo.mv]
 * </pre>
 */
public final class MongoServerMain {

    /** Printed once the server accepts connections. */
    public static final String READY_MARKER = "induo: mongodb-wire server ready on";

    private static final String PORT = "port";
    private static final String FILE = "file";
    private static final String HOST = "127.0.0.1";

    private MongoServerMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        StackRuntime.useStackLogging();
        CommandLineOptions options;
        int port;
        try {
            options = CommandLineOptions.parse(args, Set.of(PORT, FILE));
            port = options.requiredPort(PORT);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        MongoServer server = new MongoServer(backend(options.path(FILE)));
        server.enableOplog();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            stopped.countDown();
        }, "mongo-shutdown"));
        server.bind(HOST, port);
        System.out.println(READY_MARKER + " mongodb://" + HOST + ":" + port);
        stopped.await();
    }

    private static MongoBackend backend(Optional<Path> file) throws IOException {
        if (file.isEmpty()) {
            return new MemoryBackend();
        }
        Path path = file.get().toAbsolutePath();
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        return new H2Backend(path.toString());
    }
}
