package ai.induo.worker.job;

import ai.induo.common.job.JobLifecycle;
import ai.induo.common.queue.JobQueue;
import ai.induo.worker.batch.BatchMetrics;
import ai.induo.worker.batch.ModelBatcher;
import ai.induo.worker.config.ModelSettings;
import ai.induo.worker.config.WorkerConfig;
import ai.induo.worker.config.WorkerIdentity;
import ai.induo.worker.inference.ImageShape;
import ai.induo.worker.inference.ModelSource;
import ai.induo.worker.batch.ModelWarmUp;
import ai.induo.worker.inference.TryOnModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The worker's own lifecycle, from start to shutdown. At start it checks its settings, loads the
 * try-on model once with the configured ONNX Runtime settings, warms it up at every warm-up shape
 * and batch size, starts the model thread ({@link ModelBatcher}), then consumes job messages with
 * at most {@code induo.worker.concurrency} in flight; a model that cannot be loaded or warmed up
 * fails the start, and the worker is not ready before it consumes. On shutdown it stops claiming
 * jobs, gives running jobs {@code induo.worker.shutdown-grace} to finish, puts those still running
 * back in the queue, stops consuming (unsettled messages go back to the queue) and releases the
 * model thread and the model.
 */
@ApplicationScoped
public class WorkerLifecycle {

    private static final Logger LOG = Logger.getLogger(WorkerLifecycle.class);

    private final WorkerConfig config;
    private final WorkerIdentity identity;
    private final JobQueue queue;
    private final JobLifecycle jobs;
    private final JobProcessor processor;
    private final RunningJobs running;
    private final MeterRegistry registry;
    private volatile TryOnModel model;
    private volatile ModelBatcher batcher;
    private volatile JobQueue.Subscription subscription;

    WorkerLifecycle(WorkerConfig config, WorkerIdentity identity, JobQueue queue, JobLifecycle jobs, JobProcessor processor,
            RunningJobs running, MeterRegistry registry) {
        this.config = config;
        this.identity = identity;
        this.queue = queue;
        this.jobs = jobs;
        this.processor = processor;
        this.running = running;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        checkSettings();
        List<ImageShape> warmUpShapes = ModelSettings.warmUpShapes(config.model());
        ModelSource source = ModelSource.of(config.model().path(), config.model().sha256());
        TryOnModel loaded = TryOnModel.load(source, ModelSettings.session(config.model()));
        ModelBatcher started = null;
        try {
            ModelWarmUp.warmUp(loaded, warmUpShapes, largestBatch());
            started = new ModelBatcher(loaded, config.batch().maxSize(), config.batch().maxDelay(),
                    config.concurrency(), System::nanoTime, new BatchMetrics(registry, config.model().name()));
            ModelBatcher rounds = started;
            subscription = queue.subscribe(config.concurrency(), delivery -> processor.process(delivery, rounds));
        } catch (RuntimeException e) {
            if (started != null) {
                started.close();
            }
            loaded.close();
            throw e;
        }
        model = loaded;
        batcher = started;
        LOG.infof("Worker %s consumes jobs for model %s (%s), at most %d at a time, in batches of up to %d "
                + "(max delay %s)", identity.id(), config.model().name(), loaded, config.concurrency(),
                started.maxSize(), config.batch().maxDelay());
    }

    void onStop(@Observes ShutdownEvent event) {
        JobQueue.Subscription consuming = subscription;
        subscription = null;
        if (consuming == null) {
            return;
        }
        running.stopClaiming();
        boolean idle = awaitRunningJobs();
        if (!idle) {
            int givenBack = processor.giveBackRunning();
            LOG.warnf("%d jobs were still running after %s; they go back to the queue for another worker", givenBack,
                    config.shutdownGrace());
        }
        consuming.close();
        if (idle) {
            batcher.close();
            model.close();
        } else {
            LOG.info("The model stays loaded for the jobs still running; it is released when the process exits");
        }
    }

    /** A batch is at most max-size, and at most one round per job thread: each waits for its own. */
    private int largestBatch() {
        return Math.min(config.batch().maxSize(), config.concurrency());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private boolean awaitRunningJobs() {
        try {
            return running.awaitIdle(config.shutdownGrace());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True once the model is loaded and warmed up and messages are being consumed. */
    public boolean isConsuming() {
        return subscription != null;
    }

    private void checkSettings() {
        if (config.concurrency() < 1) {
            throw new ConfigurationException(
                    "induo.worker.concurrency must be at least 1, got " + config.concurrency());
        }
        if (config.batch().maxSize() < 1) {
            throw new ConfigurationException(
                    "induo.worker.batch.max-size must be at least 1, got " + config.batch().maxSize());
        }
        if (config.batch().maxDelay().isNegative()) {
            throw new ConfigurationException(
                    "induo.worker.batch.max-delay must not be negative, got " + config.batch().maxDelay());
        }
        Duration shortestHold = min(jobs.lease(), queue.deliveryLease());
        if (config.heartbeatInterval().isNegative() || config.heartbeatInterval().isZero()
                || config.heartbeatInterval().compareTo(shortestHold) >= 0) {
            throw new ConfigurationException("induo.worker.heartbeat-interval (" + config.heartbeatInterval()
                    + ") must be positive and shorter than the job lease induo.jobs.lease (" + jobs.lease()
                    + ") and the queue's hold on a message (" + queue.deliveryLease() + ")");
        }
    }
}
