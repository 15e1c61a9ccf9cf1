package ai.induo.gateway.job;

import ai.induo.common.job.JobLifecycle;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Expires queued jobs whose {@code expires_in} deadline passed before a worker started them, so
 * that they end (and their webhook goes out) even when no worker takes their message.
 */
@ApplicationScoped
public class ExpirySweeper {

    private static final Logger LOG = Logger.getLogger(ExpirySweeper.class);
    static final int BATCH = 200;

    @Inject
    JobLifecycle lifecycle;

    @Scheduled(every = "${induo.gateway.sweepers.expiry-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        int expired = lifecycle.expireOverdue(BATCH);
        if (expired > 0) {
            LOG.infof("expiry sweeper expired %d queued job(s) past their deadline", expired);
        }
    }
}
