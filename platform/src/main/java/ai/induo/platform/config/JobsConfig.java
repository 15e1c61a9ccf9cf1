package ai.induo.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How jobs run, read alike by the gateway and the worker: attempts, the lease a running job is held
 * under, and the backoff before a failed attempt runs again.
 */
@ConfigMapping(prefix = "induo.jobs")
public interface JobsConfig {

    /** Attempts a job gets; after the last, a transient fault (or a lost worker) fails it. */
    @WithDefault("3")
    int maxAttempts();

    /**
     * How long a claimed job stays with its worker without a heartbeat: the job's lease in the
     * database and the queue's hold on its message alike (Kafka's share-group record lock, 15 s to
     * 60 s unless the brokers allow more; Pub/Sub's ack deadline, 10 s to 600 s in whole seconds).
     */
    @WithDefault("60S")
    Duration lease();

    /** The backoff before a failed attempt runs again. */
    Retry retry();

    /**
     * Capped exponential backoff with jitter ({@link ai.induo.common.job.RetryPolicy}): after a
     * transient fault or a lost worker the job waits {@code initial-delay × 2^(attempt−1)}, at most
     * {@code max-delay}, less up to {@code jitter} of it at random, before it is queued again.
     */
    interface Retry {

        @WithDefault("5S")
        Duration initialDelay();

        @WithDefault("5M")
        Duration maxDelay();

        /** The largest share of a delay taken off at random, from 0 to 1. */
        @WithDefault("0.5")
        double jitter();
    }
}
