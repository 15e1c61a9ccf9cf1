package ai.induo.gateway.rest;

import ai.induo.common.job.Job;
import ai.induo.gateway.job.JobService;
import ai.induo.gateway.job.JobWaiters;
import ai.induo.gateway.limit.StreamSlots;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Long-polls of a job ({@code GET /v1/jobs/{id}?wait=N}), woken by job events through
 * {@link JobWaiters}: a waiting request costs no database reads until its job changes or its time is
 * up. A wait holds one of the account's {@link StreamSlots} until it answers, or until the client goes
 * away (the HTTP layer then cancels the answer).
 */
@ApplicationScoped
public class JobLongPolls {

    @Inject
    JobService jobs;

    @Inject
    JobWaiters waiters;

    @Inject
    JobViews views;

    @Inject
    StreamSlots streams;

    @Inject
    Clock clock;

    /** The job, once it is terminal or {@code wait} has passed; at once when {@code wait} is zero. */
    public CompletionStage<JobView> answer(String accountId, String jobId, Duration wait) {
        Instant deadline = clock.instant().plus(wait);
        if (wait.isZero()) {
            return await(accountId, jobId, deadline);
        }
        StreamSlots.Slot slot = streams.open(accountId);
        try {
            CompletableFuture<JobView> answer = await(accountId, jobId, deadline).toCompletableFuture();
            answer.whenComplete((view, failure) -> slot.close());
            return answer;
        } catch (RuntimeException e) {
            slot.close();
            throw e;
        }
    }

    private CompletionStage<JobView> await(String accountId, String id, Instant deadline) {
        CompletableFuture<Void> waiter = waiters.register(id);
        Job job;
        try {
            job = jobs.find(accountId, id);
        } catch (RuntimeException e) {
            waiters.cancel(id, waiter);
            throw e;
        }
        long remainingMillis = Duration.between(clock.instant(), deadline).toMillis();
        if (job.status().isTerminal() || remainingMillis <= 0) {
            waiters.cancel(id, waiter);
            return CompletableFuture.completedFuture(views.toDetailView(job));
        }
        return waiter.completeOnTimeout(null, remainingMillis, TimeUnit.MILLISECONDS)
                .thenComposeAsync(woken -> {
                    waiters.cancel(id, waiter);
                    return await(accountId, id, deadline);
                }, Infrastructure.getDefaultWorkerPool());
    }
}
