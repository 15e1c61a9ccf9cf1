package ai.induo.gateway.retention;

import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.job.Job;
import ai.induo.common.job.JobImage;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.retention.RetentionDeletions.Kind;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Deletes images once their job has ended and their retention has passed: inputs after
 * {@code induo.gateway.retention.inputs}, outputs after the account's own {@code output_retention_hours}
 * or else {@code induo.gateway.retention.outputs}. The job record stays; its output URLs then answer
 * {@code 410}. A deletion that fails is retried at the next sweep, since the job is marked only after
 * all its objects are gone.
 *
 * <p>Outputs are swept in two passes: one query for every account on the platform default (leaving out
 * the accounts that keep outputs longer), then one indexed query per account that chose its own
 * retention. An account that shortens its retention is swept by the new one at the next sweep.
 */
@ApplicationScoped
public class RetentionSweeper {

    private static final Logger LOG = Logger.getLogger(RetentionSweeper.class);
    static final int BATCH = 200;

    @Inject
    RetentionRepository jobs;

    @Inject
    OutputRetentions retentions;

    @Inject
    EncryptedObjectStore objects;

    @Inject
    RetentionDeletions deletions;

    @Inject
    GatewayConfig config;

    @Inject
    Clock clock;

    @Scheduled(every = "${induo.gateway.retention.sweep-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        Instant now = clock.instant();
        for (Job job : jobs.findInputsPastRetention(now.minus(config.retention().inputs()), BATCH)) {
            if (deleteAll(job, job.inputs(), Kind.INPUT)) {
                jobs.markInputsDeleted(job.id(), now);
            }
        }
        Duration platformDefault = config.retention().outputs();
        Map<String, Duration> chosen = retentions.chosen();
        Set<String> keepLonger = chosen.entrySet().stream().filter(account -> account.getValue().compareTo(platformDefault) > 0)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        deleteOutputs(jobs.findOutputsPastRetention(now.minus(platformDefault), keepLonger, BATCH), now);
        chosen.forEach((accountId, retention) ->
                deleteOutputs(jobs.findAccountOutputsPastRetention(accountId, now.minus(retention), BATCH), now));
    }

    private void deleteOutputs(List<Job> pastRetention, Instant now) {
        for (Job job : pastRetention) {
            if (deleteAll(job, job.outputs(), Kind.OUTPUT)) {
                jobs.markOutputsDeleted(job.id(), now);
            }
        }
    }

    private boolean deleteAll(Job job, List<JobImage> images, Kind kind) {
        boolean all = true;
        for (JobImage image : images) {
            try {
                objects.delete(image.key());
                deletions.deleted(kind);
            } catch (IOException e) {
                deletions.failed(kind);
                LOG.warnf("deleting an image of job %s failed (%s); retrying at the next sweep", job.id(), e.getMessage());
                all = false;
            }
        }
        return all;
    }
}
