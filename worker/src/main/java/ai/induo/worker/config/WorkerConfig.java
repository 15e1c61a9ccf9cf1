package ai.induo.worker.config;

import ai.induo.worker.inference.ExecutionDevice;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Settings of a try-on worker: how many jobs it runs, how it holds them, and which model it runs. */
@ConfigMapping(prefix = "induo.worker")
public interface WorkerConfig {

    /** This worker's name on the leases it holds. Absent: the host name plus a random suffix, new on each start. */
    Optional<String> id();

    /** Most jobs this worker has in flight (received and not yet acknowledged) at once. */
    @WithDefault("2")
    int concurrency();

    /** How long a claimed job stays leased to this worker without a heartbeat. */
    @WithDefault("60S")
    Duration lease();

    /** How often a running job's lease (and its queue delivery) is extended; well under {@link #lease()}. */
    @WithDefault("10S")
    Duration heartbeatInterval();

    /** Attempts a job gets when its document does not say; after the last, a transient fault fails it. */
    @WithDefault("3")
    int maxAttempts();

    /**
     * On shutdown, how long running jobs may take to finish; jobs still running then are put back in
     * the queue for another worker. Keep it under the pod's termination grace period.
     */
    @WithDefault("20S")
    Duration shutdownGrace();

    /** The try-on model this worker runs. */
    Model model();

    /** When a job goes back to the queue after a transient fault. */
    Retry retry();

    /**
     * Capped exponential backoff with jitter ({@link ai.induo.common.job.RetryPolicy}): after a
     * transient fault the job waits {@code initial-delay × 2^(attempt−1)}, at most {@code max-delay},
     * less up to {@code jitter} of it at random, before it is queued again.
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

    /** The try-on model this worker runs. */
    interface Model {

        /** An ONNX model file. Absent: the demo model bundled with the worker. */
        Optional<Path> path();

        /** The SHA-256 (hex) the model file must have; required with {@link #path()}, checked at start. */
        Optional<String> sha256();

        /** Where the model runs: {@code cpu} or {@code cuda} (an NVIDIA GPU). */
        @WithDefault("cpu")
        ExecutionDevice device();

        /** The model's name, as jobs ask for it; reported in metrics and health. */
        @WithDefault("induo-demo-tryon")
        String name();
    }
}
