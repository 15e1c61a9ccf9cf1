package ai.induo.gateway.privacy.erasure;

import static com.mongodb.client.model.Filters.in;

import ai.induo.common.job.Job;
import ai.induo.common.job.JobLifecycle;
import ai.induo.common.job.JobNotCancellableException;
import ai.induo.common.job.JobStatus;
import ai.induo.gateway.job.JobListRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.conversions.Bson;

/**
 * Cancels the account's queued and running jobs through the {@link JobLifecycle}, as a customer's
 * cancel does: a queued job never runs, a running one's outcome is refused when its worker reports it
 * (the worker then deletes the output it stored). Run at once when the erasure is requested, and again
 * as the first step for a job submitted while the request ran.
 */
@ApplicationScoped
public class JobCancellationStep implements ErasureStep {

    private static final Bson ACTIVE = in("status", JobStatus.QUEUED.wireName(), JobStatus.RUNNING.wireName());

    @Inject
    JobListRepository jobs;

    @Inject
    JobLifecycle lifecycle;

    @Override
    public String name() {
        return "cancel-jobs";
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public Map<String, Long> erase(ErasureSubject subject) {
        return Map.of("jobs_cancelled", cancelActive(subject.accountId()));
    }

    /** Cancels every queued and running job of the account; how many it cancelled. */
    long cancelActive(String accountId) {
        AtomicLong cancelled = new AtomicLong();
        AccountJobs.forEach(jobs, accountId, ACTIVE, job -> {
            if (cancel(accountId, job)) {
                cancelled.incrementAndGet();
            }
        });
        return cancelled.get();
    }

    private boolean cancel(String accountId, Job job) {
        try {
            return lifecycle.cancel(accountId, job.id()).isPresent();
        } catch (JobNotCancellableException ended) {
            return false;
        }
    }
}
