package ai.induo.worker.job;

import ai.induo.common.queue.Delivery;
import ai.induo.platform.job.JobEntity;
import ai.induo.platform.job.JobRepository;
import ai.induo.worker.config.WorkerConfig;
import ai.induo.worker.config.WorkerIdentity;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
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

    private final JobRepository jobs;
    private final Clock clock;
    private final String owner;
    private final Duration lease;
    private final Duration interval;
    private final ScheduledExecutorService scheduler;

    LeaseKeeper(JobRepository jobs, Clock clock, WorkerIdentity identity, WorkerConfig config) {
        this.jobs = jobs;
        this.clock = clock;
        this.owner = identity.id();
        this.lease = config.lease();
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
    Heartbeat keep(JobEntity job, Delivery delivery) {
        Heartbeat heartbeat = new Heartbeat(job.id, delivery);
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

        private final String jobId;
        private final Delivery delivery;
        private volatile ScheduledFuture<?> beats;
        private volatile boolean lost;
        private volatile boolean stopped;

        private Heartbeat(String jobId, Delivery delivery) {
            this.jobId = jobId;
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
                if (jobs.extendLease(jobId, owner, clock.instant().plus(lease))) {
                    delivery.extendLease();
                } else if (!stopped) {
                    lost = true;
                    LOG.infof("Job %s is no longer leased to %s (cancelled or taken over); its outcome will not be "
                            + "saved", jobId, owner);
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "Cannot extend the lease of job %s; trying again on the next heartbeat", jobId);
            }
        }
    }
}
