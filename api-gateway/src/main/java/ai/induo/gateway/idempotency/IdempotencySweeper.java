package ai.induo.gateway.idempotency;

import ai.induo.gateway.config.GatewayConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Deletes expired idempotency keys (lookups already treat them as gone; this keeps the collection
 * small on databases without TTL indexes: the local stack and the tests), and releases the keys
 * whose request failed while the database could not be reached, as soon as it is back, so that
 * the client's retry runs instead of waiting for the key to count as abandoned.
 */
@ApplicationScoped
public class IdempotencySweeper {

    private static final Logger LOG = Logger.getLogger(IdempotencySweeper.class);

    @Inject
    IdempotencyRepository records;

    @Inject
    GatewayConfig config;

    @Inject
    Clock clock;

    /** Keys to release, each until it would count as abandoned anyway (after which another request may hold it). */
    private final Map<String, Instant> toRelease = new ConcurrentHashMap<>();

    /** Releases the key once the database answers again, unless it would count as abandoned by then. */
    void releaseLater(String recordId) {
        toRelease.put(recordId, clock.instant().plus(config.idempotency().abandonedAfter()));
    }

    @Scheduled(every = "${induo.gateway.idempotency.release-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void releasePending() {
        Instant now = clock.instant();
        for (Map.Entry<String, Instant> pending : Map.copyOf(toRelease).entrySet()) {
            if (pending.getValue().isAfter(now)) {
                try {
                    records.release(pending.getKey());
                } catch (RuntimeException e) {
                    LOG.debugf("idempotency key record %s is still not released: %s", pending.getKey(), e.getMessage());
                    return;
                }
            }
            toRelease.remove(pending.getKey());
        }
    }

    @Scheduled(every = "${induo.gateway.idempotency.sweep-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        records.deleteExpired(clock.instant());
    }
}
