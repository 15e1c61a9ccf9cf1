package ai.induo.gateway.retention;

import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.job.Job;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.retention.OrphanRule.JobObject;
import ai.induo.gateway.retention.RetentionDeletions.Kind;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Finds job images that no job keeps ({@link OrphanRule}) by walking the object listing under
 * {@code accounts/} page by page, at most {@code induo.gateway.retention.orphan-keys-per-sweep} keys
 * per sweep, from where the last sweep stopped ({@link OrphanCursor}); at the end of the listing the
 * walk starts over. An orphan past {@code induo.gateway.retention.orphan-grace} is deleted. A delete
 * that fails leaves the object in place, so the next walk over the listing finds it again and
 * retries: nothing has to remember it.
 */
@ApplicationScoped
public class OrphanSweeper {

    private static final Logger LOG = Logger.getLogger(OrphanSweeper.class);
    static final String PREFIX = "accounts/";
    static final int PAGE = 500;

    @Inject
    EncryptedObjectStore objects;

    @Inject
    RetentionRepository jobs;

    @Inject
    OrphanCursor cursor;

    @Inject
    RetentionDeletions deletions;

    @Inject
    GatewayConfig config;

    @Inject
    Clock clock;

    private OrphanRule rule;

    @PostConstruct
    void init() {
        rule = new OrphanRule(config.retention().orphanGrace());
    }

    @Scheduled(every = "${induo.gateway.retention.orphan-sweep-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() throws IOException {
        String after = cursor.after().orElse(null);
        int budget = config.retention().orphanKeysPerSweep();
        while (budget > 0) {
            List<String> keys = objects.list(PREFIX, after, Math.min(PAGE, budget));
            if (keys.isEmpty()) {
                cursor.moveTo(null);
                return;
            }
            deleteOrphans(keys);
            after = keys.get(keys.size() - 1);
            cursor.moveTo(after);
            budget -= keys.size();
        }
    }

    private void deleteOrphans(List<String> keys) {
        List<JobObject> page = keys.stream().map(OrphanRule::parse).flatMap(Optional::stream).toList();
        Set<String> jobIds = page.stream().map(JobObject::jobId).collect(Collectors.toSet());
        Map<String, Job> stored = jobs.findByIds(jobIds);
        Instant now = clock.instant();
        for (JobObject object : page) {
            if (rule.isOrphanPastGrace(object, stored.get(object.jobId()), now)) {
                try {
                    objects.delete(object.key());
                    deletions.deleted(Kind.ORPHAN);
                } catch (IOException e) {
                    deletions.failed(Kind.ORPHAN);
                    LOG.warnf("deleting an orphaned image of job %s failed (%s); the next walk over the listing retries it",
                            object.jobId(), e.getMessage());
                }
            }
        }
    }
}
