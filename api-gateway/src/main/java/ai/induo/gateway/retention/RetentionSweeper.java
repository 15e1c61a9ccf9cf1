package ai.induo.gateway.retention;

import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.job.Job;
import ai.induo.common.job.JobImage;
import ai.induo.gateway.config.GatewayConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Deletes images once their job has ended and their retention has passed: inputs after
 * {@code induo.gateway.retention.inputs}, outputs after {@code induo.gateway.retention.outputs}.
 * The job record stays; its output URLs then answer {@code 410}. A deletion that fails is retried
 * at the next sweep, since the job is marked only after all its objects are gone.
 */
@ApplicationScoped
public class RetentionSweeper {

    private static final Logger LOG = Logger.getLogger(RetentionSweeper.class);
    static final int BATCH = 200;

    @Inject
    RetentionRepository jobs;

    @Inject
    EncryptedObjectStore objects;

    @Inject
    GatewayConfig config;

    @Inject
    Clock clock;

    @Scheduled(every = "${induo.gateway.retention.sweep-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        Instant now = clock.instant();
        for (Job job : jobs.findInputsPastRetention(now.minus(config.retention().inputs()), BATCH)) {
            if (deleteAll(job, job.inputs())) {
                jobs.markInputsDeleted(job.id(), now);
            }
        }
        for (Job job : jobs.findOutputsPastRetention(now.minus(config.retention().outputs()), BATCH)) {
            if (deleteAll(job, job.outputs())) {
                jobs.markOutputsDeleted(job.id(), now);
            }
        }
    }

    private boolean deleteAll(Job job, List<JobImage> images) {
        try {
            for (JobImage image : images) {
                objects.delete(image.key());
            }
            return true;
        } catch (IOException e) {
            LOG.warnf("deleting images of job %s failed (%s); retrying at the next sweep", job.id(), e.getMessage());
            return false;
        }
    }
}
