package ai.induo.gateway;

import ai.induo.common.queue.JobMessage;
import ai.induo.common.queue.JobQueue;
import ai.induo.common.queue.QueueUnavailableException;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A job queue the test takes down and brings back: while down, publishing fails as it does when
 * the broker is unreachable; while up, it keeps what was published. An alternative: only the test
 * profiles that enable it replace the Kafka queue with it.
 */
@Alternative
@Singleton
public class SwitchableJobQueue implements JobQueue {

    private static final Duration DELIVERY_LEASE = Duration.ofSeconds(30);

    private final List<JobMessage> published = new CopyOnWriteArrayList<>();
    private volatile boolean down;

    public void takeDown() {
        down = true;
    }

    public void bringBack() {
        down = false;
    }

    /** The job ids published so far, in order. */
    public List<String> publishedJobIds() {
        return published.stream().map(JobMessage::jobId).toList();
    }

    @Override
    public void publish(JobMessage message) {
        if (down) {
            throw new QueueUnavailableException("the test took the queue down", null);
        }
        published.add(message);
    }

    /** The gateway only publishes; a consumer would hold a message this long. */
    @Override
    public Duration deliveryLease() {
        return DELIVERY_LEASE;
    }

    @Override
    public String probe(Duration timeout) {
        if (down) {
            throw new QueueUnavailableException("the test took the queue down", null);
        }
        return "the test's queue";
    }

    @Override
    public Subscription subscribe(int maxInFlight, DeliveryHandler handler) {
        throw new IllegalStateException("the gateway publishes jobs; it does not consume them");
    }

    @Override
    public Subscription subscribeDeadLetters(DeadLetterHandler handler) {
        return () -> { };
    }

    @Override
    public void close() {
        published.clear();
    }
}
