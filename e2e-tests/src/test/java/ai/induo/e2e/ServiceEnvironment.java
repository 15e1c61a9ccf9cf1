package ai.induo.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The environment the gateway and the workers share, as ./induo sets it: their home (where the
 * local object store lives), the job queue and object store backends, the database, and a fresh
 * master key and output-signing key.
 */
final class ServiceEnvironment {

    private static final int KEY_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private ServiceEnvironment() {
    }

    /** The shared variables with the job queue on Kafka; the keys are written as files under {@code home}. */
    static Map<String, String> of(Path home, String kafkaBootstrapServers, String mongoUri) throws IOException {
        Map<String, String> env = of(home, mongoUri);
        env.put("INDUO_KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        return env;
    }

    /**
     * The shared variables with the job queue on a Pub/Sub emulator (topology created at start) and
     * the objects in a GCS bucket behind {@code gcsEndpoint}; the services read the bucket's location
     * from it.
     */
    static Map<String, String> onGoogleCloud(Path home, String mongoUri, String pubSubEmulatorHost, String project,
            String gcsEndpoint, String bucket) throws IOException {
        Map<String, String> env = of(home, mongoUri);
        env.put("INDUO_QUEUE_BACKEND", "pubsub");
        env.put("INDUO_QUEUE_PUBSUB_PROJECT_ID", project);
        env.put("INDUO_QUEUE_PUBSUB_EMULATOR_HOST", pubSubEmulatorHost);
        env.put("INDUO_QUEUE_PUBSUB_CREATE_TOPOLOGY", "true");
        env.put("INDUO_STORE_BACKEND", "gcs");
        env.put("INDUO_STORE_GCS_ENDPOINT", gcsEndpoint);
        env.put("INDUO_STORE_GCS_BUCKET", bucket);
        env.put("INDUO_STORE_GCS_PROJECT_ID", project);
        return env;
    }

    private static Map<String, String> of(Path home, String mongoUri) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("INDUO_HOME", home.toAbsolutePath().toString());
        env.put("INDUO_MONGODB_URI", mongoUri);
        env.put("INDUO_MASTER_KEY_FILE", writeKey(home.resolve("master.key")).toString());
        env.put("INDUO_SAFETY_KEY_FILE", writeKey(home.resolve("safety.key")).toString());
        env.put("INDUO_OUTPUT_SIGNING_KEY", Files.readString(writeKey(home.resolve("output-signing.key"))).strip());
        return env;
    }

    /** Writes a random key, readable by its owner only, as ./induo does. */
    private static Path writeKey(Path file) throws IOException {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Files.writeString(file, Base64.getEncoder().encodeToString(key));
        Files.setPosixFilePermissions(file, OWNER_ONLY);
        return file;
    }
}
