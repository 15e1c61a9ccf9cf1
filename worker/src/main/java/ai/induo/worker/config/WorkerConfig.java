package ai.induo.worker.config;

import ai.induo.worker.inference.CudaSettings;
import ai.induo.worker.inference.ExecutionDevice;
import ai.induo.worker.inference.OptimizationLevel;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Settings of a try-on worker: how many jobs it runs, how often it renews their leases, which
 * model it runs and how, and how it batches. Attempts, the lease and the retry backoff are {@code induo.jobs.*}, shared with the gateway.
 */
@ConfigMapping(prefix = "induo.worker")
public interface WorkerConfig {

    /** This worker's name on the leases it holds. Absent: the host name plus a random suffix, new on each start. */
    Optional<String> id();

    /**
     * Most jobs this worker has in flight (received and not yet acknowledged) at once, each on a job
     * thread of its own; only this many messages are ever claimed from the queue. On a GPU set it to
     * about twice {@code batch.max-size}, so one batch is prepared while another runs.
     */
    @WithDefault("4")
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

    /** How rounds of several jobs are gathered into one run of the model. */
    Batch batch();

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

    /** How rounds of several jobs are gathered into one run of the model (dynamic batching). */
    interface Batch {

        /** The most images one model run holds; a model whose batch axis is fixed at 1 gets 1 regardless. */
        @WithDefault("8")
        int maxSize();

        /**
         * How long the oldest waiting image may wait for others of its size to fill its batch
         * (Triton's {@code max_queue_delay}); 0 runs whatever is waiting at once.
         */
        @WithDefault("5MS")
        Duration maxDelay();
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

        /** ONNX Runtime's graph optimisation level: {@code all}, {@code extended}, {@code basic} or {@code none}. */
        @WithDefault("all")
        OptimizationLevel optimizationLevel();

        /** Threads one operator may use (ONNX Runtime's intra-op pool). Absent: ONNX Runtime's default, one per core. */
        OptionalInt intraOpThreads();

        /** Threads running independent operators (the inter-op pool). Absent: ONNX Runtime's default. */
        OptionalInt interOpThreads();

        /**
         * Person image sizes, {@code HEIGHTxWIDTH}, the model runs at every batch size up to
         * {@code batch.max-size} before the worker takes jobs, so that the first jobs of these sizes
         * do not pay for ONNX Runtime's (and cuDNN's) first-run set-up.
         */
        @WithDefault("512x384")
        List<String> warmUpShapes();

        /** The CUDA execution provider's options, used with {@code device=cuda}. */
        Cuda cuda();
    }

    /** The CUDA execution provider's options ({@code OrtCUDAProviderOptions}). */
    interface Cuda {

        /** The GPU, as CUDA numbers those visible to the process; in Kubernetes 0 is the pod's own. */
        @WithDefault("0")
        int deviceId();

        /**
         * {@code cudnn_conv_algo_search}: {@code exhaustive} (times every convolution algorithm on a
         * shape's first run and keeps the fastest), {@code heuristic} or {@code default}.
         */
        @WithDefault("exhaustive")
        CudaSettings.ConvAlgoSearch convAlgoSearch();

        /** {@code arena_extend_strategy}: {@code next-power-of-two} or {@code same-as-requested}. */
        @WithDefault("next-power-of-two")
        CudaSettings.ArenaExtendStrategy arenaExtendStrategy();

        /** {@code gpu_mem_limit}: the most GPU memory the arena takes, in bytes (or with a unit: 8G). Absent: no limit. */
        Optional<MemorySize> memoryLimit();
    }
}
