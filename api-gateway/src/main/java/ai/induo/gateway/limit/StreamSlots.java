package ai.induo.gateway.limit;

import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The long-polls ({@code GET /v1/jobs/{id}?wait=N}) and event streams ({@code GET /v1/jobs/{id}/events})
 * each account holds open at once, at most its plan's {@code max-streams}: each takes a slot while it
 * is open and frees it when it ends, whether it ran its course or the client went away. Counted in
 * this gateway's memory (one entry per account with a slot held), so the limit holds per instance.
 */
@ApplicationScoped
public class StreamSlots {

    /** When a client refused for too many open streams should try again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    @Inject
    Plans plans;

    private final ConcurrentMap<String, Integer> held = new ConcurrentHashMap<>();

    /** A slot held; closing it frees it, once however often it is closed. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes a slot of the account; {@code 429 too_many_streams} when it holds its plan's most already. */
    public Slot open(String accountId) {
        int max = plans.forAccount(accountId).maxStreams();
        AtomicBoolean taken = new AtomicBoolean();
        held.compute(accountId, (id, count) -> {
            int open = count == null ? 0 : count;
            if (open >= max) {
                return count;
            }
            taken.set(true);
            return open + 1;
        });
        if (!taken.get()) {
            throw ApiException.tooManyRequests(ErrorCodes.TOO_MANY_STREAMS, "This account already holds " + max
                    + " long-polls and event streams open, the most its plan allows; close one, or retry after the "
                    + "Retry-After seconds.", RETRY_AFTER);
        }
        AtomicBoolean freed = new AtomicBoolean();
        return () -> {
            if (freed.compareAndSet(false, true)) {
                held.computeIfPresent(accountId, (id, count) -> count > 1 ? count - 1 : null);
            }
        };
    }

    /** The slots the account holds now, for tests. */
    public int heldBy(String accountId) {
        return held.getOrDefault(accountId, 0);
    }
}
