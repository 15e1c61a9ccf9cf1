package ai.induo.gateway.job;

import ai.induo.common.queue.JobEvent;
import ai.induo.common.queue.JobEventBus;
import ai.induo.gateway.completion.CompletionOutbox;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Reacts to job events: wakes long-polls and starts completion work at once. */
@ApplicationScoped
public class JobEventListener {

    private static final Logger LOG = Logger.getLogger(JobEventListener.class);

    @Inject
    JobEventBus events;

    @Inject
    JobWaiters waiters;

    @Inject
    CompletionOutbox completions;

    private AutoCloseable subscription;

    void start(@Observes StartupEvent event) {
        subscription = events.subscribe(this::onEvent);
    }

    void onEvent(JobEvent event) {
        waiters.wake(event.jobId());
        if (event.status().isTerminal()) {
            completions.kick(event.jobId());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.warnf("closing the job-event subscription failed: %s", e.toString());
        }
    }
}
