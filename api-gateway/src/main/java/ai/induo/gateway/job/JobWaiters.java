package ai.induo.gateway.job;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Long-poll waiters by job id, woken by job events: a waiting request costs no database reads
 * until its job changes or its time is up.
 */
@ApplicationScoped
public class JobWaiters {

    private final ConcurrentMap<String, Set<CompletableFuture<Void>>> waiters = new ConcurrentHashMap<>();

    /** A future completed at the next event for {@code jobId}; call {@link #cancel} when done waiting. */
    public CompletableFuture<Void> register(String jobId) {
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        waiters.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(waiter);
        return waiter;
    }

    public void cancel(String jobId, CompletableFuture<Void> waiter) {
        waiters.computeIfPresent(jobId, (id, set) -> {
            set.remove(waiter);
            return set.isEmpty() ? null : set;
        });
    }

    /** Wakes everyone waiting on {@code jobId}. */
    public void wake(String jobId) {
        Set<CompletableFuture<Void>> woken = waiters.remove(jobId);
        if (woken != null) {
            woken.forEach(waiter -> waiter.complete(null));
        }
    }

    /** Waiters currently registered, for tests and metrics. */
    public int size() {
        return waiters.values().stream().mapToInt(Set::size).sum();
    }
}
