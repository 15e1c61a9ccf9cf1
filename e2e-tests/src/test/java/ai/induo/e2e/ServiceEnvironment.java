package ai.induo.e2e;

import ai.induo.stack.KafkaBrokerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** The environment the packaged services share on one machine: home directory, broker, database and keys. */
final class ServiceEnvironment {

    private static final int KEY_BYTES = 32;

    private ServiceEnvironment() {
    }

    /**
     * The variables for services under {@code home} that use {@code kafka} and the MongoDB-wire
     * server at {@code mongo}, with a new master key file and output signing key written in
     * {@code home}; the map can take more.
     */
    static Map<String, String> of(Path home, KafkaBrokerProcess kafka, InetSocketAddress mongo) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("INDUO_HOME", home.toAbsolutePath().toString());
        env.put("INDUO_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("INDUO_MONGODB_URI", "mongodb://127.0.0.1:" + mongo.getPort());
        env.put("INDUO_MASTER_KEY_FILE", writeKey(home.resolve("master.key")).toString());
        env.put("INDUO_OUTPUT_SIGNING_KEY", Files.readString(writeKey(home.resolve("output-signing.key"))).strip());
        return env;
    }

    private static Path writeKey(Path file) throws IOException {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Files.writeString(file, Base64.getEncoder().encodeToString(key));
        return file;
    }
}
