package ai.induo.common.queue;

import java.util.function.Consumer;

/**
 * Port for job events: every subscriber (each gateway instance) sees every event published after it
 * subscribed. Events are hints; the database stays the source of truth.
 */
public interface JobEventBus extends AutoCloseable {

    /** Publishes an event; failures are logged, never thrown, since sweepers repair missed events. */
    void publish(JobEvent event);

    /** Starts receiving events on a background thread until the returned handle is closed. */
    AutoCloseable subscribe(Consumer<JobEvent> listener);

    @Override
    void close();
}
