package ai.induo.gateway.idempotency;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * Deletes expired idempotency keys. Lookups already treat them as gone; this keeps the collection
 * small on databases without TTL indexes (the local stack and the tests).
 */
@ApplicationScoped
public class IdempotencySweeper {

    @Inject
    IdempotencyRepository records;

    @Inject
    Clock clock;

    @Scheduled(every = "${induo.gateway.idempotency.sweep-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        records.deleteExpired(clock.instant());
    }
}
