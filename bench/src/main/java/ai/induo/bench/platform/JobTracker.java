package ai.induo.bench.platform;

import ai.induo.bench.Latencies;
import ai.induo.bench.Results;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The jobs of one phase, each followed from its submission to its final status: submit latency
 * (request sent → {@code 202}), end-to-end latency (submission started → final status seen through
 * the long-poll), and the counts of accepted, refused, succeeded and otherwise ended jobs.
 */
final class JobTracker {

    private final ApiClient client;
    private final long startNanos = System.nanoTime();
    private final Latencies submit = new Latencies();
    private final Latencies endToEnd = new Latencies();
    private final AtomicInteger offered = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger succeeded = new AtomicInteger();
    private final AtomicInteger notSucceeded = new AtomicInteger();
    private final AtomicLong lastSucceededNanos = new AtomicLong(startNanos);
    private final AtomicReference<String> firstProblem = new AtomicReference<>();
    private final List<CompletableFuture<?>> followed = new ArrayList<>();

    JobTracker(ApiClient client) {
        this.client = client;
    }

    /**
     * Submits a job and follows it to its final status in the background; the future returned
     * completes once the gateway has answered the submission (with the job id, or exceptionally).
     */
    CompletableFuture<String> submitAndFollow() {
        offered.incrementAndGet();
        long started = System.nanoTime();
        CompletableFuture<String> submission = client.submit().whenComplete((id, error) -> {
            if (error == null) {
                submit.record(System.nanoTime() - started);
                accepted.incrementAndGet();
            } else {
                refused.incrementAndGet();
                firstProblem.compareAndSet(null, String.valueOf(error));
            }
        });
        CompletableFuture<String> ended = submission.thenCompose(client::awaitTerminal).whenComplete((status, error) -> {
            if (error != null) {
                firstProblem.compareAndSet(null, String.valueOf(error));
                return;
            }
            long now = System.nanoTime();
            endToEnd.record(now - started);
            if ("succeeded".equals(status)) {
                succeeded.incrementAndGet();
                lastSucceededNanos.accumulateAndGet(now, Math::max);
            } else {
                notSucceeded.incrementAndGet();
            }
        });
        synchronized (followed) {
            followed.add(ended);
        }
        return submission;
    }

    /** Waits until every accepted job has ended, or {@code limit} has passed; returns whether all ended. */
    boolean awaitAll(Duration limit) throws InterruptedException {
        CompletableFuture<?>[] all;
        synchronized (followed) {
            all = followed.toArray(CompletableFuture<?>[]::new);
        }
        try {
            CompletableFuture.allOf(all).exceptionally(error -> null).get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("following the jobs failed", e.getCause());
        }
    }

    int accepted() {
        return accepted.get();
    }

    int succeeded() {
        return succeeded.get();
    }

    /** Jobs accepted per second from the phase's start until {@code untilNanos}. */
    double acceptedPerSecond(long untilNanos) {
        return accepted.get() / ((untilNanos - startNanos) / 1e9);
    }

    /** Jobs that reached {@code succeeded} per second, from the phase's start to the last of them. */
    double succeededPerSecond() {
        return succeeded.get() / Math.max((lastSucceededNanos.get() - startNanos) / 1e9, 1e-9);
    }

    /** Puts the counts and both latencies' p50 and p99 under {@code prefix}. */
    void putInto(Results results, String prefix) {
        results.put(prefix + ".offered", offered.get());
        results.put(prefix + ".accepted", accepted.get());
        results.put(prefix + ".refused", refused.get());
        results.put(prefix + ".succeeded", succeeded.get());
        results.put(prefix + ".not_succeeded", notSucceeded.get());
        results.put(prefix + ".unfinished", accepted.get() - succeeded.get() - notSucceeded.get());
        results.put(prefix + ".submit_p50_ms", submit.percentileMillis(50));
        results.put(prefix + ".submit_p99_ms", submit.percentileMillis(99));
        results.put(prefix + ".e2e_p50_ms", endToEnd.percentileMillis(50));
        results.put(prefix + ".e2e_p99_ms", endToEnd.percentileMillis(99));
        if (firstProblem.get() != null) {
            results.put(prefix + ".first_problem", firstProblem.get());
        }
    }
}
