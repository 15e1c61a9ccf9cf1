package ai.induo.worker.config;

import ai.induo.worker.inference.ExecutionDevice;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of a try-on worker: how many jobs it runs, how often it renews their leases, and which
 * model it runs. Attempts, the lease and the retry backoff are {@code induo.jobs.*}, shared with the gateway.
 */
@ConfigMapping(prefix = "induo.worker")
public interface WorkerConfig {

    /** This worker's name on the leases it holds. Absent: the host name plus a random suffix, new on each start. */
    Optional<String> id();

    /** Most jobs this worker has in flight (received and not yet acknowledged) at once. */
    @WithDefault("2")
    int concurrency();

    /**
     * How often a running job's lease (and its queue delivery) is extended; well under the job lease
     * {@code induo.jobs.lease} and the queue's hold on a message, which the start checks.
     */
    @WithDefault("10S")
    Duration heartbeatInterval();

    /**
     * On shutdown, how long running jobs may take to finish; jobs still running then are put back in
     * the queue for another worker. Keep it under the pod's termination grace period.
     */
    @WithDefault("20S")
    Duration shutdownGrace();

    /** The try-on model this worker runs. */
    Model model();

    /** The safety check run on every job before inference (privacy policy §2.3). */
    Safety safety();

    /** The safety check run on every job before inference. */
    interface Safety {

        /** Whether each job's inputs are checked; a flagged job still runs, and a safety case is opened. */
        @WithDefault("true")
        boolean enabled();

        /**
         * For the built-in rule: the share of skin-tone pixels (above 0, at most 1) from which a
         * person image is flagged as {@code skin_exposure}.
         */
        @WithDefault("0.6")
        double skinFraction();
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
