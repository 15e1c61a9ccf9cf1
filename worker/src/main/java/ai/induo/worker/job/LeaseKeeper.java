package ai.induo.worker.job;

import ai.induo.common.job.Job;
import ai.induo.common.job.JobLifecycle;
import ai.induo.common.queue.Delivery;
import ai.induo.worker.config.WorkerConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps running jobs leased to this worker while they are processed. Heartbeats run on a scheduler
 * thread of their own, never on a thread running the model, so a long inference cannot let a lease
 * lapse.
 */
@Singleton
public class LeaseKeeper {

    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);
    private static final String THREAD_NAME = "induo-lease-heartbeat";

    private final JobLifecycle lifecycle;
    private final Duration interval;
    private final ScheduledExecutorService scheduler;

    LeaseKeeper(JobLifecycle lifecycle, WorkerConfig config) {
        this.lifecycle = lifecycle;
        this.interval = config.heartbeatInterval();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, THREAD_NAME);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts extending, every heartbeat interval, the lease of a job this worker has claimed and the
     * lock of the delivery that brought it.
     */
    Heartbeat keep(Job job, Delivery delivery) {
        Heartbeat heartbeat = new Heartbeat(job, delivery);
        long period = interval.toMillis();
        heartbeat.beats = scheduler.scheduleAtFixedRate(heartbeat::beat, period, period, TimeUnit.MILLISECONDS);
        return heartbeat;
    }

    @PreDestroy
    void shutdown() {
        scheduler.shutdownNow();
    }

    /**
     * The heartbeat of one job. When the database refuses an extension the job was cancelled or
     * taken over: {@link #lost()} turns true and the worker must not save an outcome for it. A failed
     * extension (database or broker unreachable) is logged and tried again on the next beat.
     */
    final class Heartbeat {

        private final Job job;
        private final Delivery delivery;
        private volatile ScheduledFuture<?> beats;
        private volatile boolean lost;
        private volatile boolean stopped;

        private Heartbeat(Job job, Delivery delivery) {
            this.job = job;
            this.delivery = delivery;
        }

        /** True once the database refused to extend the lease: the job is no longer this worker's. */
        boolean lost() {
            return lost;
        }

        /** Stops beating; the lease then lasts until its current expiry. */
        void stop() {
            stopped = true;
            beats.cancel(false);
        }

        private void beat() {
            if (stopped || lost) {
                return;
            }
            try {
                if (lifecycle.extendLease(job)) {
                    delivery.extendLease();
                } else if (!stopped) {
                    lost = true;
                    LOG.infof("Job %s is no longer leased to %s (cancelled or taken over); its outcome will not be "
                            + "saved", job.id(), job.leaseOwner());
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "Cannot extend the lease of job %s; trying again on the next heartbeat", job.id());
            }
        }
    }
}
