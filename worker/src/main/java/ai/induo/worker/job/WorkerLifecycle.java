package ai.induo.worker.job;

import ai.induo.common.job.JobLifecycle;
import ai.induo.common.queue.JobQueue;
import ai.induo.worker.config.WorkerConfig;
import ai.induo.worker.config.WorkerIdentity;
import ai.induo.worker.inference.ModelSource;
import ai.induo.worker.inference.TryOnModel;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The worker's own lifecycle, from start to shutdown. At start it checks its settings, loads the
 * try-on model once, then consumes job messages with at most {@code induo.worker.concurrency} in
 * flight; a model that cannot be loaded fails the start. On shutdown it stops claiming jobs, gives
 * running jobs {@code induo.worker.shutdown-grace} to finish, puts those still running back in the
 * queue, stops consuming (unsettled messages go back to the queue) and releases the model.
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
    private volatile TryOnModel model;
    private volatile JobQueue.Subscription subscription;

    WorkerLifecycle(WorkerConfig config, WorkerIdentity identity, JobQueue queue, JobLifecycle jobs, JobProcessor processor,
            RunningJobs running) {
        this.config = config;
        this.identity = identity;
        this.queue = queue;
        this.jobs = jobs;
        this.processor = processor;
        this.running = running;
    }

    void onStart(@Observes StartupEvent event) {
        checkSettings();
        ModelSource source = ModelSource.of(config.model().path(), config.model().sha256());
        TryOnModel loaded = TryOnModel.load(source, config.model().device());
        try {
            subscription = queue.subscribe(config.concurrency(), delivery -> processor.process(delivery, loaded));
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
        model = loaded;
        LOG.infof("Worker %s consumes jobs for model %s (%s), at most %d at a time", identity.id(),
                config.model().name(), loaded, config.concurrency());
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
            model.close();
        } else {
            LOG.info("The model stays loaded for the jobs still running; it is released when the process exits");
        }
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

    /** True once the model is loaded and messages are being consumed. */
    public boolean isConsuming() {
        return subscription != null;
    }

    private void checkSettings() {
        if (config.concurrency() < 1) {
            throw new ConfigurationException(
                    "induo.worker.concurrency must be at least 1, got " + config.concurrency());
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
