package ai.induo.gateway.requestlog;

import ai.induo.gateway.config.GatewayConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;

/** Deletes request log entries older than {@code induo.gateway.request-log.retention}. */
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
        logs.deleteCreatedBefore(clock.instant().minus(config.requestLog().retention()));
    }
}
