package ai.induo.gateway.job;

import ai.induo.common.job.JobLifecycle;
import ai.induo.common.queue.JobQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Hands the job messages the queue gave up on (rejected, or delivered as often as it allows) to
 * {@link JobLifecycle#deadLetter}, which fails a job still waiting for that message with
 * {@code undeliverable}, so its customer hears about it instead of waiting forever. Each message
 * handled counts in {@code induo_jobs_dead_letters_total}.
 */
@ApplicationScoped
public class DeadLetterListener {

    /** Counter of the job messages the queue gave up on. */
    public static final String DEAD_LETTERS_METER = "induo.jobs.dead.letters";

    @Inject
    JobQueue queue;

    @Inject
    JobLifecycle lifecycle;

    @Inject
    MeterRegistry meters;

    private JobQueue.Subscription subscription;

    void start(@Observes StartupEvent event) {
        Counter deadLetters = Counter.builder(DEAD_LETTERS_METER)
                .description("Job messages the queue gave up delivering (rejected, or delivered as often as it allows)")
                .register(meters);
        subscription = queue.subscribeDeadLetters(message -> {
            lifecycle.deadLetter(message);
            deadLetters.increment();
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscription != null) {
            subscription.close();
        }
    }
}
