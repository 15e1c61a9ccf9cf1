package ai.induo.common.queue.kafka;

import ai.induo.common.queue.JobQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;

/**
 * A subscription of {@code maxInFlight} share-group members, each taking one record at a time, and
 * a pool of as many handler threads.
 *
 * <p>One member per in-flight delivery, rather than one member polling {@code maxInFlight} records:
 * in explicit mode a member can poll again only once everything from its last poll is settled, so
 * a shared member would stop taking work until its slowest delivery finished.
 */
final class ShareGroupSubscription implements JobQueue.Subscription {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final List<ShareConsumerLoop> members;
    private final ExecutorService handlers;
    private final Consumer<ShareGroupSubscription> onClosed;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ShareGroupSubscription(List<ShareConsumerLoop> members, ExecutorService handlers,
            Consumer<ShareGroupSubscription> onClosed) {
        this.members = members;
        this.handlers = handlers;
        this.onClosed = onClosed;
    }

    /**
     * Creates the members (failing here on bad client configuration) and starts their poll threads.
     */
    static ShareGroupSubscription start(Supplier<KafkaShareConsumer<String, byte[]>> consumers, String topic,
            int maxInFlight, JobQueue.DeliveryHandler handler, Consumer<ShareGroupSubscription> onClosed) {
        int id = SEQUENCE.incrementAndGet();
        AtomicInteger handlerThreads = new AtomicInteger();
        ExecutorService handlers = Executors.newFixedThreadPool(maxInFlight, runnable -> {
            Thread thread = new Thread(runnable, "induo-jobs-" + id + "-handler-" + handlerThreads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        List<KafkaShareConsumer<String, byte[]>> created = new ArrayList<>();
        try {
            for (int i = 0; i < maxInFlight; i++) {
                created.add(consumers.get());
            }
        } catch (RuntimeException e) {
            created.forEach(consumer -> consumer.close(ShareConsumerLoop.CLOSE_TIMEOUT));
            handlers.shutdown();
            throw e;
        }
        List<ShareConsumerLoop> members = new ArrayList<>();
        for (int i = 0; i < created.size(); i++) {
            members.add(new ShareConsumerLoop(created.get(i), topic, handler, handlers,
                    "induo-jobs-" + id + "-poll-" + (i + 1)));
        }
        ShareGroupSubscription subscription = new ShareGroupSubscription(List.copyOf(members), handlers, onClosed);
        members.forEach(ShareConsumerLoop::start);
        return subscription;
    }

    /** Stops taking messages, releases deliveries not settled yet and leaves the share group. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        members.forEach(ShareConsumerLoop::stop);
        try {
            for (ShareConsumerLoop member : members) {
                member.awaitStopped();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        handlers.shutdown();
        onClosed.accept(this);
    }
}
