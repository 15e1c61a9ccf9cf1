package ai.induo.bench.queue;

import ai.induo.bench.Latencies;
import ai.induo.common.queue.Delivery;
import ai.induo.common.queue.JobMessage;
import ai.induo.common.queue.JobQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publish, claim and acknowledge through the {@link JobQueue} port alone: a subscriber that records
 * each message's latency and acknowledges it at once, while publisher threads publish. One message
 * goes through first, so the subscriber's start-up (joining a share group, opening a stream) is
 * not measured.
 */
final class JobQueueHop {

    private static final Duration WARM_UP_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration HOP_TIMEOUT = Duration.ofMinutes(10);
    private static final String ACCOUNT = "acct_bench";
    private static final String MODEL = "bench";
    private static final String WARM_UP = "job_warmup";

    private final Map<String, Long> publishedAt = new ConcurrentHashMap<>();
    private final Latencies latencies = new Latencies();
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicLong lastReceived = new AtomicLong();
    private final CountDownLatch warmedUp = new CountDownLatch(1);
    private CountDownLatch done;

    private JobQueueHop() {
    }

    /** Runs the hop on {@code queue}, which must be empty and have no subscriber. */
    static HopFigures measure(JobQueue queue, HopSettings settings) throws Exception {
        return new JobQueueHop().run(queue, settings);
    }

    private HopFigures run(JobQueue queue, HopSettings settings) throws Exception {
        done = new CountDownLatch(settings.messages());
        try (JobQueue.Subscription subscription = queue.subscribe(settings.inFlight(), this::onDelivery)) {
            queue.publish(JobMessage.of(WARM_UP, ACCOUNT, MODEL, 1, Instant.now()));
            await(warmedUp, WARM_UP_TIMEOUT, "the warm-up message");
            ExecutorService publishers = Executors.newFixedThreadPool(settings.publishers());
            try {
                AtomicInteger next = new AtomicInteger();
                long started = System.nanoTime();
                List<Future<?>> running = new ArrayList<>();
                for (int i = 0; i < settings.publishers(); i++) {
                    running.add(publishers.submit(() -> publishUntilAllSent(queue, next, settings.messages())));
                }
                for (Future<?> publisher : running) {
                    publisher.get(HOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
                await(done, HOP_TIMEOUT, settings.messages() + " messages");
                return new HopFigures(received.get(), (lastReceived.get() - started) / 1e9, latencies);
            } finally {
                publishers.shutdownNow();
            }
        }
    }

    private void publishUntilAllSent(JobQueue queue, AtomicInteger next, int messages) {
        for (int i = next.getAndIncrement(); i < messages; i = next.getAndIncrement()) {
            String jobId = "job_" + i;
            publishedAt.put(jobId, System.nanoTime());
            queue.publish(JobMessage.of(jobId, ACCOUNT, MODEL, 1, Instant.now()));
        }
    }

    private void onDelivery(Delivery delivery) {
        long now = System.nanoTime();
        String jobId = delivery.message().jobId();
        Long published = publishedAt.remove(jobId);
        delivery.ack();
        if (jobId.equals(WARM_UP)) {
            warmedUp.countDown();
        } else if (published != null) {
            latencies.record(now - published);
            received.incrementAndGet();
            lastReceived.accumulateAndGet(now, Math::max);
            done.countDown();
        }
    }

    private void await(CountDownLatch latch, Duration timeout, String what) throws InterruptedException, TimeoutException {
        if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("the subscriber did not receive " + what + " within " + timeout + " ("
                    + received.get() + " received)");
        }
    }
}
