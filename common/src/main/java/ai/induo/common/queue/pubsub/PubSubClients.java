package ai.induo.common.queue.pubsub;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.MessageReceiver;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.TopicName;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * Builds the Pub/Sub client objects for {@link PubSubQueueSettings}: against the emulator over
 * plaintext channels without credentials (one shared by publishers and admin clients, one per
 * subscriber), against Google Cloud with the library's own channels and application default
 * credentials. Closing it closes the shared emulator channel.
 */
final class PubSubClients implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PubSubClients.class);

    private static final Duration CHANNEL_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** The Publisher refuses retry settings whose total timeout is shorter than this (it makes one attempt anyway). */
    private static final Duration PUBLISHER_MIN_TOTAL_TIMEOUT = Duration.ofSeconds(10);

    private final PubSubQueueSettings settings;
    private final Optional<ManagedChannel> emulatorChannel;

    PubSubClients(PubSubQueueSettings settings) {
        this.settings = settings;
        this.emulatorChannel = settings.emulatorHost().map(PubSubClients::plaintextChannel);
    }

    TopicName topic(String topic) {
        return TopicName.of(settings.projectId(), topic);
    }

    ProjectSubscriptionName subscription(String subscription) {
        return ProjectSubscriptionName.of(settings.projectId(), subscription);
    }

    /**
     * A publisher that makes a single attempt per message, bounded by
     * {@link PubSubQueueSettings#publishTimeout()}: callers retry within their own deadline, so a
     * message reported as not published is not published later by a library retry.
     */
    Publisher publisher(String topic) {
        Duration timeout = settings.publishTimeout();
        RetrySettings retries = RetrySettings.newBuilder()
                .setMaxAttempts(1)
                .setTotalTimeoutDuration(timeout.compareTo(PUBLISHER_MIN_TOTAL_TIMEOUT) < 0
                        ? PUBLISHER_MIN_TOTAL_TIMEOUT : timeout)
                .setInitialRpcTimeoutDuration(timeout)
                .setRpcTimeoutMultiplier(1)
                .setMaxRpcTimeoutDuration(timeout)
                .build();
        Publisher.Builder builder = Publisher.newBuilder(topic(topic)).setRetrySettings(retries);
        channelProvider().ifPresent(builder::setChannelProvider);
        credentials().ifPresent(builder::setCredentialsProvider);
        try {
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Pub/Sub publisher for " + topic(topic), e);
        }
    }

    /**
     * A streaming-pull subscriber on {@code subscription}, set up by {@code configure}. Against the
     * emulator it gets a channel of its own that {@link RunningSubscriber#stop()} closes: the
     * emulator fails on a cancelled stream (its RST_STREAM handler throws NoSuchMethodError) and keeps
     * handing messages to it, whereas a closed connection ends the stream there too.
     */
    RunningSubscriber subscriber(String subscription, MessageReceiver receiver,
            UnaryOperator<Subscriber.Builder> configure) {
        Subscriber.Builder builder = Subscriber.newBuilder(subscription(subscription), receiver);
        Optional<ManagedChannel> channel = settings.emulatorHost().map(PubSubClients::plaintextChannel);
        channel.ifPresent(own -> builder
                .setChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(own)))
                .setCredentialsProvider(NoCredentialsProvider.create()));
        return new RunningSubscriber(configure.apply(builder).build(), channel);
    }

    TopicAdminClient topicAdmin() {
        TopicAdminSettings.Builder builder = TopicAdminSettings.newBuilder();
        channelProvider().ifPresent(builder::setTransportChannelProvider);
        credentials().ifPresent(builder::setCredentialsProvider);
        try {
            return TopicAdminClient.create(builder.build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Pub/Sub topic admin client", e);
        }
    }

    SubscriptionAdminClient subscriptionAdmin() {
        SubscriptionAdminSettings.Builder builder = SubscriptionAdminSettings.newBuilder();
        channelProvider().ifPresent(builder::setTransportChannelProvider);
        credentials().ifPresent(builder::setCredentialsProvider);
        try {
            return SubscriptionAdminClient.create(builder.build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Pub/Sub subscription admin client", e);
        }
    }

    /**
     * Against the emulator, reconnects the shared channel at once when it is waiting out gRPC's
     * reconnect backoff (which grows to two minutes): an emulator restarted during development is
     * back within a second, and the next publish should not fail for want of a connection attempt.
     */
    void reconnectIfDisconnected() {
        emulatorChannel
                .filter(channel -> channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE)
                .ifPresent(ManagedChannel::resetConnectBackoff);
    }

    @Override
    public void close() {
        emulatorChannel.ifPresent(PubSubClients::closeChannel);
    }

    private Optional<TransportChannelProvider> channelProvider() {
        return emulatorChannel.map(channel -> FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)));
    }

    private Optional<CredentialsProvider> credentials() {
        return emulatorChannel.map(channel -> NoCredentialsProvider.create());
    }

    private static ManagedChannel plaintextChannel(String emulatorHost) {
        return ManagedChannelBuilder.forTarget(emulatorHost).usePlaintext().build();
    }

    private static void closeChannel(ManagedChannel channel) {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(CHANNEL_CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.shutdownNow();
        }
    }

    /** A started subscriber and, against the emulator, the channel only it uses. */
    static final class RunningSubscriber {

        private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

        private final Subscriber subscriber;
        private final Optional<ManagedChannel> ownChannel;

        private RunningSubscriber(Subscriber subscriber, Optional<ManagedChannel> ownChannel) {
            this.subscriber = subscriber;
            this.ownChannel = ownChannel;
        }

        /** Starts pulling and returns once the stream is open. */
        RunningSubscriber start() {
            subscriber.startAsync().awaitRunning();
            return this;
        }

        /** Stops taking messages without waiting; {@link #stop()} still has to follow. */
        void stopAsync() {
            subscriber.stopAsync();
        }

        /** Stops the subscriber, waiting up to {@link #STOP_TIMEOUT}, then closes its own channel. */
        void stop() {
            try {
                subscriber.stopAsync().awaitTerminated(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LOG.warnf("Pub/Sub subscriber on %s did not stop within %s", subscriber.getSubscriptionNameString(),
                        STOP_TIMEOUT);
            } catch (IllegalStateException e) {
                LOG.warnf(e, "Pub/Sub subscriber on %s had failed", subscriber.getSubscriptionNameString());
            }
            ownChannel.ifPresent(PubSubClients::closeChannel);
        }
    }
}
