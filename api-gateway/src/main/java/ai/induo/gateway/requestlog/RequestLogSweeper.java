package ai.induo.gateway.requestlog;

import ai.induo.gateway.config.GatewayConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;

/**
 * Deletes request log entries older than {@code induo.gateway.request-log.retention}, and entries
 * without an account (requests that were not authenticated) older than
 * {@code induo.gateway.request-log.unauthenticated-retention}.
 */
@ApplicationScoped
public class RequestLogSweeper {

    @Inject
    RequestLogRepository logs;

    @Inject
    GatewayConfig config;

    @Inject
    Clock clock;

    @Scheduled(every = "${induo.gateway.request-log.sweep-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        Instant now = clock.instant();
        logs.deleteCreatedBefore(now.minus(config.requestLog().retention()));
        logs.deleteUnauthenticatedCreatedBefore(now.minus(config.requestLog().unauthenticatedRetention()));
    }
}
