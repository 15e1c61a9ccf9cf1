package ai.induo.common.crypto;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The same call made by several threads at once, for tests of what concurrent callers cause: each
 * caller runs on a thread of its own, and {@link #awaitAllParked} waits until every one of them is
 * blocked or waiting (on a lock, or on an answer that a stand-in holds back).
 */
final class ConcurrentCalls<T> {

    private static final Duration PARKED_WITHIN = Duration.ofSeconds(30);
    private static final Set<Thread.State> PARKED =
            EnumSet.of(Thread.State.BLOCKED, Thread.State.WAITING, Thread.State.TIMED_WAITING);

    private final List<Thread> threads = new ArrayList<>();
    private final List<CompletableFuture<T>> results = new ArrayList<>();

    private ConcurrentCalls(int callers, Callable<T> call) {
        for (int i = 0; i < callers; i++) {
            CompletableFuture<T> result = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    result.complete(call.call());
                } catch (Exception | Error e) {
                    result.completeExceptionally(e);
                }
            }, "concurrent-caller-" + i);
            threads.add(thread);
            results.add(result);
        }
    }

    /** Starts {@code callers} threads that each make {@code call}. */
    static <T> ConcurrentCalls<T> start(int callers, Callable<T> call) {
        ConcurrentCalls<T> calls = new ConcurrentCalls<>(callers, call);
        calls.threads.forEach(Thread::start);
        return calls;
    }

    /** Waits until every caller has started its call and is parked inside it. */
    void awaitAllParked() {
        await().atMost(PARKED_WITHIN).until(() -> threads.stream()
                .allMatch(thread -> PARKED.contains(thread.getState())));
    }

    /** What each call returned, once all have ended; the first failure is thrown. */
    List<T> results() throws InterruptedException, ExecutionException, TimeoutException {
        List<T> values = new ArrayList<>();
        for (CompletableFuture<T> result : results) {
            values.add(result.get(PARKED_WITHIN.toSeconds(), TimeUnit.SECONDS));
        }
        return values;
    }
}
