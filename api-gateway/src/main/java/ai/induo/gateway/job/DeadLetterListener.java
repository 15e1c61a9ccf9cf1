package ai.induo.gateway.job;

import ai.induo.common.job.JobLifecycle;
import ai.induo.common.queue.JobQueue;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Hands the job messages the queue gave up on (rejected, or delivered as often as it allows) to
 * {@link JobLifecycle#deadLetter}, which fails a job still waiting for that message with
 * {@code undeliverable}, so its customer hears about it instead of waiting forever.
 */
@ApplicationScoped
public class DeadLetterListener {

    @Inject
    JobQueue queue;

    @Inject
    JobLifecycle lifecycle;

    private JobQueue.Subscription subscription;

    void start(@Observes StartupEvent event) {
        subscription = queue.subscribeDeadLetters(lifecycle::deadLetter);
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscription != null) {
            subscription.close();
        }
    }
}
