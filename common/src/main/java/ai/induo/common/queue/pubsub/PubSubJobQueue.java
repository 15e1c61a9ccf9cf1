package ai.induo.common.queue.pubsub;

import ai.induo.common.queue.JobMessage;
import ai.induo.common.queue.JobQueue;
import ai.induo.common.queue.QueueUnavailableException;
import com.google.api.core.ApiFuture;
import com.google.api.gax.batching.FlowControlSettings;
import com.google.api.gax.batching.FlowController;
import com.google.api.gax.core.InstantiatingExecutorProvider;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriberShutdownSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.GetTopicRequest;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Topic;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * {@link JobQueue} on Google Cloud Pub/Sub: job messages are JSON on
 * {@link PubSubQueueSettings#jobsTopic()} (attribute {@value #JOB_ID_ATTRIBUTE} carries the job id),
 * consumed through the streaming-pull subscription {@link PubSubQueueSettings#workersSubscription()}.
 *
 * <ul>
 *   <li>Flow control bounds a subscription's unsettled deliveries at {@code maxInFlight}
 *       ({@code maxOutstandingElementCount}); the receiver blocks rather than take more.
 *   <li>ack maps to ack, release (and a handler that throws) to nack, which Pub/Sub redelivers at
 *       once with a higher delivery attempt.
 *   <li>reject: Pub/Sub has no reject and a nack would redeliver, so the message is published to
 *       {@link PubSubQueueSettings#deadLetterTopic()} and acked (see {@link PubSubDelivery#reject()}).
 *   <li>The lease: the Subscriber keeps extending the ack deadline of every open delivery (its
 *       built-in {@code modifyAckDeadline} lease management, up to {@value #MAX_LEASE_HOURS} hours);
 *       each delivery also has its own lease of {@link PubSubQueueSettings#leaseDuration()} that
 *       {@code extendLease} renews, and a delivery whose lease runs out is nacked so that another
 *       consumer gets it.
 *   <li>deliveryCount is Pub/Sub's delivery attempt, which exists only on subscriptions with a
 *       dead-letter policy ({@link PubSubTopology} sets one); after
 *       {@link PubSubQueueSettings#maxDeliveryAttempts()} Pub/Sub forwards the message to the
 *       dead-letter topic itself.
 * </ul>
 *
 * <p>A message that is not a valid job message is dead-lettered without reaching the handler.
 */
public final class PubSubJobQueue implements JobQueue {

    /** Message attribute holding the job id, for reading dead letters in the console. */
    public static final String JOB_ID_ATTRIBUTE = "job_id";

    private static final Logger LOG = Logger.getLogger(PubSubJobQueue.class);
    private static final long MAX_LEASE_HOURS = 24;
    private static final Duration MAX_LEASE = Duration.ofHours(MAX_LEASE_HOURS);
    /** Pause between publish attempts after a retryable failure. */
    private static final Duration PUBLISH_RETRY_DELAY = Duration.ofMillis(200);
    private static final Duration LEASE_CHECK_INTERVAL = Duration.ofMillis(500);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final SubscriberShutdownSettings NACK_ON_SHUTDOWN = SubscriberShutdownSettings.newBuilder()
            .setMode(SubscriberShutdownSettings.ShutdownMode.NACK_IMMEDIATELY)
            .setTimeout(CLOSE_TIMEOUT)
            .build();

    private final PubSubQueueSettings settings;
    private final PubSubClients clients;
    private final Publisher jobs;
    private final Publisher deadLetters;
    private final ScheduledExecutorService leaseChecker;
    private final Set<JobSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final Set<DeadLetterSubscription> deadLetterSubscriptions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private TopicAdminClient topicAdmin;

    /** Connects to Pub/Sub; run {@link PubSubTopology#ensure(PubSubQueueSettings)} first. */
    public PubSubJobQueue(PubSubQueueSettings settings) {
        this.settings = settings;
        this.clients = new PubSubClients(settings);
        this.jobs = clients.publisher(settings.jobsTopic());
        this.deadLetters = clients.publisher(settings.deadLetterTopic());
        this.leaseChecker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pubsub-lease-checker");
            thread.setDaemon(true);
            return thread;
        });
        leaseChecker.scheduleWithFixedDelay(this::expireLeases, LEASE_CHECK_INTERVAL.toMillis(),
                LEASE_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Publishes the message and waits for Pub/Sub's message id.
     *
     * @throws QueueUnavailableException when Pub/Sub does not return one within
     *     {@link PubSubQueueSettings#publishTimeout()}
     */
    @Override
    public void publish(JobMessage message) {
        ensureOpen();
        PubsubMessage pubsubMessage = PubsubMessage.newBuilder()
                .setData(ByteString.copyFrom(message.toJson()))
                .putAttributes(JOB_ID_ATTRIBUTE, message.jobId())
                .build();
        publishAndWait(jobs, settings.jobsTopic(), pubsubMessage, message.jobId());
    }

    @Override
    public Subscription subscribe(int maxInFlight, DeliveryHandler handler) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
        ensureOpen();
        JobSubscription subscription = new JobSubscription(maxInFlight, handler);
        subscriptions.add(subscription);
        subscription.start();
        return subscription;
    }

    /**
     * Reads {@link PubSubQueueSettings#deadLetterSubscription()} one message at a time, acking each
     * once its handler returned and nacking it when the handler throws.
     */
    @Override
    public Subscription subscribeDeadLetters(DeadLetterHandler handler) {
        ensureOpen();
        DeadLetterSubscription subscription = new DeadLetterSubscription(handler);
        deadLetterSubscriptions.add(subscription);
        subscription.start();
        return subscription;
    }

    /** Closes every subscription (nacking unsettled deliveries), the publishers and the channel. */
    @Override
    public void close() {
        closed = true;
        List.copyOf(subscriptions).forEach(JobSubscription::close);
        List.copyOf(deadLetterSubscriptions).forEach(DeadLetterSubscription::close);
        leaseChecker.shutdownNow();
        shutdown(jobs);
        shutdown(deadLetters);
        synchronized (this) {
            if (topicAdmin != null) {
                topicAdmin.close();
            }
        }
        clients.close();
    }

    /** The ack deadline each delivery is held under. */
    @Override
    public Duration deliveryLease() {
        return settings.leaseDuration();
    }

    /** Reads the jobs topic's metadata (the {@code pubsub.topics.get} permission). */
    @Override
    public String probe(Duration timeout) {
        ensureOpen();
        clients.reconnectIfDisconnected();
        String topic = clients.topic(settings.jobsTopic()).toString();
        ApiFuture<Topic> answer = topicAdmin().getTopicCallable()
                .futureCall(GetTopicRequest.newBuilder().setTopic(topic).build());
        try {
            return "topic " + answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS).getName();
        } catch (ExecutionException e) {
            throw probeFailed(topic, timeout, e.getCause());
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw probeFailed(topic, timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw probeFailed(topic, timeout, e);
        }
    }

    private synchronized TopicAdminClient topicAdmin() {
        if (topicAdmin == null) {
            topicAdmin = clients.topicAdmin();
        }
        return topicAdmin;
    }

    private static QueueUnavailableException probeFailed(String topic, Duration timeout, Throwable cause) {
        return new QueueUnavailableException("Pub/Sub did not show topic " + topic + " within " + timeout, cause);
    }

    private void expireLeases() {
        long now = System.nanoTime();
        subscriptions.forEach(subscription -> subscription.open.forEach(delivery -> delivery.expireLease(now)));
    }

    private void deadLetter(PubsubMessage message) {
        String jobId = message.getAttributesOrDefault(JOB_ID_ATTRIBUTE, message.getMessageId());
        publishAndWait(deadLetters, settings.deadLetterTopic(), PubsubMessage.newBuilder()
                .setData(message.getData())
                .putAllAttributes(message.getAttributesMap())
                .build(), jobId);
    }

    /**
     * Publishes and waits for the message id, trying again after a retryable failure (Pub/Sub
     * unreachable, for example) until {@link PubSubQueueSettings#publishTimeout()} has passed.
     */
    private void publishAndWait(Publisher publisher, String topic, PubsubMessage message, String jobId) {
        long deadline = System.nanoTime() + settings.publishTimeout().toNanos();
        while (true) {
            clients.reconnectIfDisconnected();
            try {
                publisher.publish(message).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                return;
            } catch (ExecutionException e) {
                long pause = Math.min(PUBLISH_RETRY_DELAY.toNanos(), deadline - System.nanoTime());
                if (!(e.getCause() instanceof ApiException api && api.isRetryable()) || pause <= 0) {
                    throw unavailable(topic, jobId, e.getCause());
                }
                LOG.debugf("Publishing the message for job %s failed (%s); trying again", jobId, api.getStatusCode());
                pauseBeforeRetry(pause, topic, jobId);
            } catch (TimeoutException e) {
                throw unavailable(topic, jobId, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable(topic, jobId, e);
            }
        }
    }

    private void pauseBeforeRetry(long nanos, String topic, String jobId) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(topic, jobId, e);
        }
    }

    private QueueUnavailableException unavailable(String topic, String jobId, Throwable cause) {
        return new QueueUnavailableException("Pub/Sub did not accept the message for job " + jobId + " on topic "
                + clients.topic(topic) + " within " + settings.publishTimeout(), cause);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the job queue is closed");
        }
    }


    private static JobMessage fromJson(PubsubMessage message) throws IOException {
        return JobMessage.fromJson(message.getData().toByteArray());
    }

    private static void shutdown(Publisher publisher) {
        publisher.shutdown();
        try {
            publisher.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A streaming-pull subscriber on the workers' subscription and the deliveries it has open. */
    private final class JobSubscription implements Subscription {

        private final DeliveryHandler handler;
        private final PubSubClients.RunningSubscriber subscriber;
        private final Set<PubSubDelivery> open = ConcurrentHashMap.newKeySet();
        private volatile boolean closing;

        JobSubscription(int maxInFlight, DeliveryHandler handler) {
            this.handler = handler;
            this.subscriber = clients.subscriber(settings.workersSubscription(), this::receive, builder -> builder
                    .setFlowControlSettings(FlowControlSettings.newBuilder()
                            .setMaxOutstandingElementCount((long) maxInFlight)
                            .setLimitExceededBehavior(FlowController.LimitExceededBehavior.Block)
                            .build())
                    .setParallelPullCount(1)
                    .setMaxAckExtensionPeriodDuration(MAX_LEASE)
                    .setExecutorProvider(InstantiatingExecutorProvider.newBuilder()
                            .setExecutorThreadCount(maxInFlight)
                            .build())
                    .setSubscriberShutdownSettings(NACK_ON_SHUTDOWN));
        }

        void start() {
            subscriber.start();
        }

        private void receive(PubsubMessage message, AckReplyConsumer reply) {
            if (closing) {
                reply.nack();
                return;
            }
            JobMessage job;
            try {
                job = fromJson(message);
            } catch (IOException e) {
                deadLetterMalformed(message, reply, e);
                return;
            }
            Integer attempt = Subscriber.getDeliveryAttempt(message);
            PubSubDelivery delivery = new PubSubDelivery(job, attempt == null ? 1 : attempt, message, reply,
                    settings.leaseDuration(), PubSubJobQueue.this::deadLetter, open::remove);
            open.add(delivery);
            try {
                handler.onDelivery(delivery);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Delivery handler failed for job %s; released for redelivery", job.jobId());
                delivery.release();
            }
        }

        private void deadLetterMalformed(PubsubMessage message, AckReplyConsumer reply, IOException cause) {
            LOG.errorf("Pub/Sub message %s on %s is not a job message (%s); dead-lettered", message.getMessageId(),
                    settings.jobsTopic(), cause.getMessage());
            try {
                deadLetter(message);
                reply.ack();
            } catch (QueueUnavailableException e) {
                LOG.warnf(e, "Malformed message %s could not be dead-lettered; released", message.getMessageId());
                reply.nack();
            }
        }

        @Override
        public void close() {
            closing = true;
            subscriber.stopAsync();
            List.copyOf(open).forEach(PubSubDelivery::release);
            subscriber.stop();
            subscriptions.remove(this);
        }
    }

    /** A subscriber on the dead-letter subscription that hands messages over one at a time. */
    private final class DeadLetterSubscription implements Subscription {

        private final DeadLetterHandler handler;
        private final PubSubClients.RunningSubscriber subscriber;

        DeadLetterSubscription(DeadLetterHandler handler) {
            this.handler = handler;
            this.subscriber = clients.subscriber(settings.deadLetterSubscription(), this::receive, builder -> builder
                    .setFlowControlSettings(FlowControlSettings.newBuilder()
                            .setMaxOutstandingElementCount(1L)
                            .setLimitExceededBehavior(FlowController.LimitExceededBehavior.Block)
                            .build())
                    .setParallelPullCount(1)
                    .setExecutorProvider(InstantiatingExecutorProvider.newBuilder().setExecutorThreadCount(1).build())
                    .setSubscriberShutdownSettings(NACK_ON_SHUTDOWN));
        }

        void start() {
            subscriber.start();
        }

        private void receive(PubsubMessage message, AckReplyConsumer reply) {
            JobMessage job;
            try {
                job = fromJson(message);
            } catch (IOException e) {
                LOG.errorf("Dead letter %s on %s is not a job message (%s); dropped", message.getMessageId(),
                        settings.deadLetterTopic(), e.getMessage());
                reply.ack();
                return;
            }
            try {
                handler.onDeadLetter(job);
                reply.ack();
            } catch (RuntimeException e) {
                LOG.warnf(e, "Dead-letter handler failed for job %s; handed over again", job.jobId());
                reply.nack();
            }
        }

        @Override
        public void close() {
            subscriber.stop();
            deadLetterSubscriptions.remove(this);
        }
    }
}
