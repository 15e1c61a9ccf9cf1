package ai.induo.common.queue.pubsub;

import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.Subscription;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Creates or checks the Pub/Sub topics (jobs, job events, dead letter) and subscriptions (the
 * workers' one with a dead-letter policy, and the dead-letter one) that the adapters use. With
 * {@link PubSubQueueSettings#createTopology()} it creates what is missing and keeps what exists;
 * otherwise it only checks and fails with the missing resource's name.
 */
public final class PubSubTopology {

    private static final Logger LOG = Logger.getLogger(PubSubTopology.class);

    private PubSubTopology() {
    }

    /**
     * Makes sure every topic and subscription exists.
     *
     * @throws IllegalStateException when one is missing (and not to be created) or the workers'
     *     subscription does not dead-letter to {@link PubSubQueueSettings#deadLetterTopic()}
     */
    public static void ensure(PubSubQueueSettings settings) {
        try (PubSubClients clients = new PubSubClients(settings);
                TopicAdminClient topics = clients.topicAdmin();
                SubscriptionAdminClient subscriptions = clients.subscriptionAdmin()) {
            for (String topic : List.of(settings.jobsTopic(), settings.eventsTopic(), settings.deadLetterTopic())) {
                ensureTopic(settings, clients, topics, topic);
            }
            Subscription workers = ensureSubscription(settings, subscriptions, Subscription.newBuilder()
                    .setName(clients.subscription(settings.workersSubscription()).toString())
                    .setTopic(clients.topic(settings.jobsTopic()).toString())
                    .setAckDeadlineSeconds(ackDeadlineSeconds(settings))
                    .setDeadLetterPolicy(DeadLetterPolicy.newBuilder()
                            .setDeadLetterTopic(clients.topic(settings.deadLetterTopic()).toString())
                            .setMaxDeliveryAttempts(settings.maxDeliveryAttempts()))
                    .build());
            String expectedDeadLetterTopic = clients.topic(settings.deadLetterTopic()).toString();
            if (!workers.getDeadLetterPolicy().getDeadLetterTopic().equals(expectedDeadLetterTopic)) {
                throw new IllegalStateException("Pub/Sub subscription " + workers.getName()
                        + " has no dead-letter policy to " + expectedDeadLetterTopic
                        + "; job messages that keep failing would be redelivered forever");
            }
            ensureSubscription(settings, subscriptions, Subscription.newBuilder()
                    .setName(clients.subscription(settings.deadLetterSubscription()).toString())
                    .setTopic(expectedDeadLetterTopic)
                    .setAckDeadlineSeconds(ackDeadlineSeconds(settings))
                    .build());
        }
    }

    static int ackDeadlineSeconds(PubSubQueueSettings settings) {
        return Math.toIntExact(settings.leaseDuration().toSeconds());
    }

    private static void ensureTopic(PubSubQueueSettings settings, PubSubClients clients, TopicAdminClient topics,
            String topic) {
        String name = clients.topic(topic).toString();
        try {
            topics.getTopic(name);
        } catch (NotFoundException e) {
            if (!settings.createTopology()) {
                throw missing("topic " + name, e);
            }
            try {
                topics.createTopic(name);
                LOG.infof("Created Pub/Sub topic %s", name);
            } catch (AlreadyExistsException raced) {
                LOG.debugf("Pub/Sub topic %s was created concurrently", name);
            }
        }
    }

    private static Subscription ensureSubscription(PubSubQueueSettings settings, SubscriptionAdminClient subscriptions,
            Subscription wanted) {
        try {
            return subscriptions.getSubscription(wanted.getName());
        } catch (NotFoundException e) {
            if (!settings.createTopology()) {
                throw missing("subscription " + wanted.getName(), e);
            }
            try {
                Subscription created = subscriptions.createSubscription(wanted);
                LOG.infof("Created Pub/Sub subscription %s on %s", created.getName(), created.getTopic());
                return created;
            } catch (AlreadyExistsException raced) {
                return subscriptions.getSubscription(wanted.getName());
            }
        }
    }

    private static IllegalStateException missing(String what, NotFoundException cause) {
        return new IllegalStateException("Pub/Sub " + what + " does not exist; create it (docs/configuration.md"
                + " lists the topology) or let the service create it with induo.queue.pubsub.create-topology=true",
                cause);
    }
}
