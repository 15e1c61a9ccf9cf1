package ai.induo.gateway.session;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;

/**
 * Deletes expired session tokens and expired failed sign-ins. Lookups already ignore them; this keeps
 * the collections small on databases without TTL indexes (the local stack and the tests).
 */
@ApplicationScoped
public class SessionSweeper {

    @Inject
    SessionRepository sessions;

    @Inject
    LoginFailureRepository failures;

    @Inject
    Clock clock;

    @Scheduled(every = "${induo.gateway.sessions.sweep-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        Instant now = clock.instant();
        sessions.deleteExpired(now);
        failures.deleteExpired(now);
    }
}
