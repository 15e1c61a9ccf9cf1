package ai.induo.worker.job;

import ai.induo.common.queue.Delivery;
import ai.induo.common.queue.JobMessage;
import ai.induo.common.queue.JobQueue;
import ai.induo.common.queue.kafka.KafkaJobQueue;
import ai.induo.common.queue.kafka.KafkaQueueSettings;
import ai.induo.common.queue.kafka.KafkaTopology;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Replaces the application's job queue with the same Kafka queue, wrapped so that tests can see how
 * the worker settled each delivery of a job: {@code ack}, {@code release} or {@code reject}.
 */
@Singleton
public class DeliveryRecorder {

    private final Map<String, List<String>> settlements = new ConcurrentHashMap<>();

    /** How the deliveries of a job were settled so far, in order. */
    public List<String> settlements(String jobId) {
        return List.copyOf(settlements.getOrDefault(jobId, List.of()));
    }

    @Produces
    @Alternative
    @Priority(1)
    @Singleton
    JobQueue recordingJobQueue(KafkaQueueSettings settings) {
        KafkaTopology.ensure(settings);
        return new RecordingJobQueue(new KafkaJobQueue(settings));
    }

    void closeJobQueue(@Disposes JobQueue queue) {
        queue.close();
    }

    private void record(JobMessage message, String settlement) {
        settlements.computeIfAbsent(message.jobId(), id -> new CopyOnWriteArrayList<>()).add(settlement);
    }

    private final class RecordingJobQueue implements JobQueue {

        private final JobQueue delegate;

        RecordingJobQueue(JobQueue delegate) {
            this.delegate = delegate;
        }

        @Override
        public void publish(JobMessage message) {
            delegate.publish(message);
        }

        @Override
        public Subscription subscribe(int maxInFlight, DeliveryHandler handler) {
            return delegate.subscribe(maxInFlight, delivery -> handler.onDelivery(new RecordingDelivery(delivery)));
        }

        @Override
        public Subscription subscribeDeadLetters(DeadLetterHandler handler) {
            return delegate.subscribeDeadLetters(handler);
        }

        @Override
        public Duration deliveryLease() {
            return delegate.deliveryLease();
        }

        @Override
        public String probe(Duration timeout) {
            return delegate.probe(timeout);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    private final class RecordingDelivery implements Delivery {

        private final Delivery delegate;

        RecordingDelivery(Delivery delegate) {
            this.delegate = delegate;
        }

        @Override
        public JobMessage message() {
            return delegate.message();
        }

        @Override
        public int deliveryCount() {
            return delegate.deliveryCount();
        }

        @Override
        public void ack() {
            record(message(), "ack");
            delegate.ack();
        }

        @Override
        public void release() {
            record(message(), "release");
            delegate.release();
        }

        @Override
        public void reject() {
            record(message(), "reject");
            delegate.reject();
        }

        @Override
        public void extendLease() {
            delegate.extendLease();
        }
    }
}
