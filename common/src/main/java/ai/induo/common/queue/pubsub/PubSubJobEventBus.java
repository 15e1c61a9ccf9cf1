package ai.induo.common.queue.pubsub;

import ai.induo.common.queue.JobEvent;
import ai.induo.common.queue.JobEventBus;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.api.gax.core.InstantiatingExecutorProvider;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.ExpirationPolicy;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Subscription;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * {@link JobEventBus} on Pub/Sub: events are JSON on {@link PubSubQueueSettings#eventsTopic()}.
 * Every {@link #subscribe} creates its own subscription {@code <events topic>-<random id>}, so every
 * subscriber (each gateway instance) sees every event published after it subscribed; closing the
 * handle deletes that subscription. A subscription left behind by a crashed process expires after
 * {@link #ABANDONED_SUBSCRIPTION_TTL} without subscribers (Pub/Sub's shortest expiration).
 */
public final class PubSubJobEventBus implements JobEventBus {

    /** Pub/Sub deletes an event subscription that has had no subscriber for this long. */
    public static final Duration ABANDONED_SUBSCRIPTION_TTL = Duration.ofDays(1);

    private static final Logger LOG = Logger.getLogger(PubSubJobEventBus.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final int ACK_DEADLINE_SECONDS = 10;

    private final PubSubQueueSettings settings;
    private final PubSubClients clients;
    private final Publisher publisher;
    private final SubscriptionAdminClient admin;
    private final Set<EventSubscription> subscriptions = ConcurrentHashMap.newKeySet();

    /** Connects to Pub/Sub; the events topic must exist ({@link PubSubTopology#ensure}). */
    public PubSubJobEventBus(PubSubQueueSettings settings) {
        this.settings = settings;
        this.clients = new PubSubClients(settings);
        this.publisher = clients.publisher(settings.eventsTopic());
        this.admin = clients.subscriptionAdmin();
    }

    /** Hands the event to the publisher; a failure is logged when Pub/Sub reports it. */
    @Override
    public void publish(JobEvent event) {
        PubsubMessage message = PubsubMessage.newBuilder().setData(ByteString.copyFrom(event.toJson())).build();
        ApiFutures.addCallback(publisher.publish(message),
                new ApiFutureCallback<>() {
                    @Override
                    public void onFailure(Throwable failure) {
                        LOG.warnf(failure, "Job event %s for %s was not published on %s", event.status(),
                                event.jobId(), settings.eventsTopic());
                    }

                    @Override
                    public void onSuccess(String messageId) {
                        LOG.tracef("Job event %s for %s published as %s", event.status(), event.jobId(), messageId);
                    }
                }, MoreExecutors.directExecutor());
    }

    /** Creates this subscriber's own subscription and starts receiving on it. */
    @Override
    public AutoCloseable subscribe(Consumer<JobEvent> listener) {
        String name = settings.eventsTopic() + "-" + UUID.randomUUID();
        admin.createSubscription(Subscription.newBuilder()
                .setName(clients.subscription(name).toString())
                .setTopic(clients.topic(settings.eventsTopic()).toString())
                .setAckDeadlineSeconds(ACK_DEADLINE_SECONDS)
                .setExpirationPolicy(ExpirationPolicy.newBuilder()
                        .setTtl(com.google.protobuf.Duration.newBuilder()
                                .setSeconds(ABANDONED_SUBSCRIPTION_TTL.toSeconds())))
                .build());
        EventSubscription subscription = new EventSubscription(name, listener);
        subscriptions.add(subscription);
        subscription.subscriber.start();
        return subscription;
    }

    /** Closes every subscription (deleting it) and the publisher. */
    @Override
    public void close() {
        List.copyOf(subscriptions).forEach(EventSubscription::close);
        publisher.shutdown();
        try {
            publisher.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close();
        clients.close();
    }

    /** One subscriber's own subscription on the events topic. */
    private final class EventSubscription implements AutoCloseable {

        private final String name;
        private final Consumer<JobEvent> listener;
        private final PubSubClients.RunningSubscriber subscriber;
        private volatile boolean closed;

        EventSubscription(String name, Consumer<JobEvent> listener) {
            this.name = name;
            this.listener = listener;
            this.subscriber = clients.subscriber(name, this::receive, builder -> builder
                    .setParallelPullCount(1)
                    .setExecutorProvider(InstantiatingExecutorProvider.newBuilder().setExecutorThreadCount(1).build()));
        }

        private void receive(PubsubMessage message, AckReplyConsumer reply) {
            reply.ack();
            if (closed) {
                return;
            }
            try {
                listener.accept(JobEvent.fromJson(message.getData().toByteArray()));
            } catch (IOException e) {
                LOG.errorf("Pub/Sub message %s on %s is not a job event (%s); skipped", message.getMessageId(),
                        settings.eventsTopic(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.errorf(e, "Job event listener failed on message %s", message.getMessageId());
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            subscriber.stop();
            try {
                admin.deleteSubscription(clients.subscription(name));
            } catch (NotFoundException e) {
                LOG.debugf("Event subscription %s was already gone", name);
            } catch (ApiException e) {
                LOG.warnf(e, "Event subscription %s could not be deleted; Pub/Sub expires it after %s", name,
                        ABANDONED_SUBSCRIPTION_TTL);
            }
            subscriptions.remove(this);
        }
    }
}
