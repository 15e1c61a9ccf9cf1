package ai.induo.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.Set;

/**
 * The test profile of the outage tests: a queue the test takes down ({@link SwitchableJobQueue}), a
 * small outbox, a small request log buffer, a small memory budget for JSON bodies, and a database
 * client that gives up quickly (the tests stop the database with {@code MongoTestResource.stopServer()}),
 * though not so quickly that a busy machine's first connection at start fails (1 s did).
 */
public class Outages implements QuarkusTestProfile {

    /** Jobs that may wait for a down queue. */
    public static final int OUTBOX_LIMIT = 3;
    /** Request log entries the gateway holds while it cannot write them. */
    public static final int REQUEST_LOG_BUFFER = 10;

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(SwitchableJobQueue.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "induo.gateway.outbox-limit", Integer.toString(OUTBOX_LIMIT),
                "induo.gateway.uploads.json-body-budget", "1M",
                "induo.gateway.uploads.json-body-wait", "1S",
                "induo.gateway.sweepers.dispatch-every", "1S",
                "induo.gateway.request-log.queue-capacity", Integer.toString(REQUEST_LOG_BUFFER),
                "quarkus.mongodb.server-selection-timeout", "2S");
    }
}
