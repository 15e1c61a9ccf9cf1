package ai.induo.e2e;

import ai.induo.stack.KafkaBrokerProcess;
import ai.induo.stack.Ports;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The platform as separate processes on one machine, for the chaos and autoscaling suites: a Kafka
 * broker, the MongoDB-wire database with its data in a file (so a stop keeps it), the gateway and
 * workers, each of which can be killed, stopped and started again on the same port with the same
 * data, and more workers started while it runs. Leases, sweeps, webhook retries and the queue-depth
 * read are shortened so that recovery and scaling take seconds.
 */
final class ChaosPlatform implements AutoCloseable {

    /**
     * The job lease ({@code induo.jobs.lease}, on the gateway and the workers alike, and the broker's
     * share-group record lock), so that a killed worker's jobs are taken back within seconds.
     */
    static final Duration WORKER_LEASE = Duration.ofSeconds(10);
    static final Duration WORKER_HEARTBEAT = Duration.ofSeconds(2);
    private static final String WEBHOOK_RETRY_DELAYS = "1S,2S,5S,10S,30S";
    private static final String LOOPBACK = "127.0.0.0/8";
    private static final String OBJECTS_DIR = "objects";

    private final Path work;
    private final KafkaBrokerProcess broker;
    private final ServiceProcess database;
    private final ServiceProcess gateway;
    private final Map<String, String> workerEnv;
    private final List<ServiceProcess> workers = new CopyOnWriteArrayList<>();
    private final AtomicInteger workerNumbers = new AtomicInteger();

    private ChaosPlatform(Path work, KafkaBrokerProcess broker, ServiceProcess database, ServiceProcess gateway,
            Map<String, String> workerEnv) {
        this.work = work;
        this.broker = broker;
        this.database = database;
        this.gateway = gateway;
        this.workerEnv = Map.copyOf(workerEnv);
    }

    /** Starts the broker, the database, the gateway and {@code workerCount} workers; stops what started when one fails. */
    static ChaosPlatform start(Path work, int workerCount) throws IOException {
        Files.createDirectories(work);
        Path logs = work.resolve("logs");
        List<AutoCloseable> started = new ArrayList<>();
        ChaosPlatform platform;
        try {
            KafkaBrokerProcess broker = KafkaBrokerProcess.start(work.resolve("kafka"), WORKER_LEASE);
            started.add(broker);
            ServiceProcess database = ServiceProcess.startDatabase("database", Ports.freePort(),
                    work.resolve("mongodb").resolve("induo.mv"), logs);
            started.add(database);

            Map<String, String> env = new HashMap<>(ServiceEnvironment.of(work, broker.bootstrapServers(),
                    "mongodb://127.0.0.1:" + database.port()));
            env.put("INDUO_JOBS_LEASE", WORKER_LEASE.toSeconds() + "S");

            int gatewayPort = Ports.freePort();
            int gatewayManagementPort = Ports.freePort();
            Map<String, String> gatewayEnv = new HashMap<>(env);
            gatewayEnv.put("INDUO_GATEWAY_PORT", Integer.toString(gatewayPort));
            gatewayEnv.put("INDUO_GATEWAY_MANAGEMENT_PORT", Integer.toString(gatewayManagementPort));
            ServiceProcess gateway = ServiceProcess.start("gateway", "induo.gateway.app", gatewayPort, gatewayManagementPort,
                    gatewayEnv,
                    ServiceProcess.systemProperties(Map.of("induo.gateway.webhooks.allowed-destinations", LOOPBACK,
                            "induo.gateway.webhooks.retry-delays", WEBHOOK_RETRY_DELAYS,
                            "induo.gateway.sweepers.lease-reaper-every", "1S",
                            "induo.gateway.sweepers.queue-depth-every", "1S",
                            "induo.gateway.sweepers.dispatch-grace", "2S",
                            "induo.gateway.sweepers.completion-lease", "15S")),
                    logs);
            started.add(gateway);

            platform = new ChaosPlatform(work, broker, database, gateway, env);
        } catch (IOException | RuntimeException e) {
            Collections.reverse(started);
            ServiceProcess.stopAll(started, e);
            throw e;
        }
        try {
            for (int i = 1; i <= workerCount; i++) {
                platform.startWorker();
            }
            return platform;
        } catch (IOException | RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    URI gatewayUri() {
        return URI.create("http://127.0.0.1:" + gateway.port());
    }

    /** The gateway's management interface (health, metrics). */
    URI gatewayManagementUri() {
        return gateway.managementUri();
    }

    ServiceProcess gateway() {
        return gateway;
    }

    ServiceProcess database() {
        return database;
    }

    KafkaBrokerProcess broker() {
        return broker;
    }

    /** The workers started so far, running or stopped since, in the order they were started. */
    List<ServiceProcess> workers() {
        return List.copyOf(workers);
    }

    /** Starts one more worker, {@code worker-<n>} on a port of its own, and waits until it is ready. */
    ServiceProcess startWorker() throws IOException {
        int port = Ports.freePort();
        Map<String, String> env = new HashMap<>(workerEnv);
        env.put("INDUO_WORKER_MANAGEMENT_PORT", Integer.toString(port));
        ServiceProcess worker = ServiceProcess.start("worker-" + workerNumbers.incrementAndGet(), "induo.worker.app", port,
                port, env, ServiceProcess.systemProperties(Map.of(
                        "induo.worker.heartbeat-interval", WORKER_HEARTBEAT.toSeconds() + "S")),
                logs());
        workers.add(worker);
        return worker;
    }

    /** Where the gateway and the workers keep the encrypted objects. */
    Path objects() {
        return work.resolve(OBJECTS_DIR);
    }

    Path logs() {
        return work.resolve("logs");
    }

    /** Output objects stored for the job: files under its outputs prefix, not counting a store's temporary files. */
    int outputObjects(String accountId, String jobId) throws IOException {
        Path outputs = objects().resolve("accounts").resolve(accountId).resolve("jobs").resolve(jobId).resolve("outputs");
        if (!Files.isDirectory(outputs)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(outputs)) {
            return (int) files.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().startsWith("."))
                    .count();
        }
    }

    @Override
    public void close() {
        List<AutoCloseable> parts = new ArrayList<>(workers);
        parts.add(gateway);
        parts.add(database);
        parts.add(broker);
        ServiceProcess.stopAll(parts, null);
    }
}
