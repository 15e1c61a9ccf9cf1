package ai.induo.gateway.privacy.erasure;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Runs and resumes requested erasures ({@link ErasureRunner}), also those a gateway left part-way when it died. */
@ApplicationScoped
public class ErasureSweeper {

    @Inject
    ErasureRunner runner;

    @Scheduled(every = "${induo.gateway.erasure.sweep-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        runner.runDue();
    }
}
