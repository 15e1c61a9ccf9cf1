package ai.induo.gateway.job;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Publishes jobs that were stored but not published: the outbox half of "no accepted job is lost". */
@ApplicationScoped
public class DispatchSweeper {

    private static final Logger LOG = Logger.getLogger(DispatchSweeper.class);
    static final int BATCH = 200;

    @Inject
    JobService jobs;

    @Scheduled(every = "${induo.gateway.sweepers.dispatch-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        int published = jobs.publishUndispatched(BATCH);
        if (published > 0) {
            LOG.infof("dispatch sweeper published %d stored job(s)", published);
        }
    }
}
