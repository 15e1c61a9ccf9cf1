package ai.induo.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Gives a Quarkus test a MongoDB: an in-process MongoDB-wire server (mongo-java-server, in memory,
 * oplog on) on a free 127.0.0.1 port, or, when {@value #EXTERNAL_URI} is set as an environment
 * variable or system property, that real MongoDB with a database of its own that is dropped on stop.
 */
public class MongoTestResource implements QuarkusTestResourceLifecycleManager {

    /** Connection string of a real MongoDB to run the tests against instead of the in-process server. */
    public static final String EXTERNAL_URI = "INDUO_TEST_MONGODB_URI";
    public static final String CONNECTION_STRING_KEY = "quarkus.mongodb.connection-string";
    public static final String DATABASE_KEY = "quarkus.mongodb.database";
    /** Database used on the in-process server. */
    public static final String DATABASE = "induo";

    private static final String HOST = "127.0.0.1";
    private static final int ANY_FREE_PORT = 0;

    /** The in-process server of the running test resource, for {@link #stopServer()} and {@link #restartServer()}. */
    private static volatile MongoTestResource active;

    private OutlivingBackend backend;
    private int port;
    private MongoServer server;
    private String externalUri;
    private String externalDatabase;

    @Override
    public Map<String, String> start() {
        Optional<String> external = externalUri();
        if (external.isPresent()) {
            externalUri = external.get();
            externalDatabase = "induo_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            return Map.of(CONNECTION_STRING_KEY, externalUri, DATABASE_KEY, externalDatabase);
        }
        backend = new OutlivingBackend();
        server = new MongoServer(backend);
        server.enableOplog();
        server.bind(HOST, ANY_FREE_PORT);
        InetSocketAddress address = server.getLocalAddress();
        port = address.getPort();
        active = this;
        return Map.of(CONNECTION_STRING_KEY, "mongodb://" + HOST + ":" + port, DATABASE_KEY, DATABASE);
    }

    /**
     * Stops the in-process server as a database outage would: connections drop and new ones are
     * refused. Its data stays for {@link #restartServer()}.
     */
    public static synchronized void stopServer() {
        MongoTestResource resource = requireInProcess();
        resource.backend.keepOnClose = true;
        resource.server.shutdownNow();
    }

    /** Serves the stopped server's data again on the same port. */
    public static synchronized void restartServer() {
        MongoTestResource resource = requireInProcess();
        resource.backend.keepOnClose = false;
        resource.server = new MongoServer(resource.backend);
        resource.server.enableOplog();
        resource.server.bind(HOST, resource.port);
    }

    /** An in-memory backend whose data survives a server shutdown that stands for an outage. */
    private static final class OutlivingBackend extends MemoryBackend {
        private volatile boolean keepOnClose;

        @Override
        public void close() {
            if (!keepOnClose) {
                super.close();
            }
        }
    }

    private static MongoTestResource requireInProcess() {
        MongoTestResource resource = active;
        if (resource == null || resource.server == null) {
            throw new IllegalStateException("no in-process MongoDB-wire server is running (is " + EXTERNAL_URI + " set?)");
        }
        return resource;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
            server = null;
            active = null;
        }
        if (externalUri != null) {
            try (MongoClient client = MongoClients.create(externalUri)) {
                client.getDatabase(externalDatabase).drop();
            }
            externalUri = null;
            externalDatabase = null;
        }
    }

    private static Optional<String> externalUri() {
        return Optional.ofNullable(System.getProperty(EXTERNAL_URI))
                .or(() -> Optional.ofNullable(System.getenv(EXTERNAL_URI)))
                .filter(uri -> !uri.isBlank());
    }
}
