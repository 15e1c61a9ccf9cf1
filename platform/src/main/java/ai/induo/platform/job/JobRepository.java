package ai.induo.platform.job;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import ai.induo.common.job.JobStatus;
import ai.induo.platform.job.JobEntity.JobErrorEntry;
import ai.induo.platform.job.JobEntity.StoredImage;
import ai.induo.platform.job.JobEntity.Transition;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.conversions.Bson;

/**
 * Jobs in MongoDB. Every status change is one conditional update on {@code {_id, status, version}}
 * (plus the lease owner for a running job): when it modifies nothing, someone else won and the
 * caller gets {@link Optional#empty()}.
 */
@ApplicationScoped
public class JobRepository implements PanacheMongoRepositoryBase<JobEntity, String> {

    private static final FindOneAndUpdateOptions RETURN_AFTER =
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

    /** The job if it exists and belongs to {@code accountId}; another account's job is simply absent. */
    public Optional<JobEntity> findForAccount(String jobId, String accountId) {
        return Optional.ofNullable(mongoCollection().find(and(eq("_id", jobId), eq("accountId", accountId))).first());
    }

    /** Records that the queue accepted the job's message. */
    public void markDispatched(String jobId, Instant now) {
        mongoCollection().updateOne(
                and(eq("_id", jobId), eq("dispatched", false)),
                Updates.combine(Updates.set("dispatched", true), Updates.set("dispatchedAt", now)));
    }

    /**
     * Queued jobs created before {@code createdBefore} whose message is not published, and whose
     * retry backoff ({@code dispatchAfter}) has passed at {@code now}, oldest first.
     */
    public List<JobEntity> findUndispatched(Instant createdBefore, Instant now, int limit) {
        return mongoCollection()
                .find(and(eq("dispatched", false), eq("status", JobStatus.QUEUED.wireName()), lte("createdAt", createdBefore),
                        backoffOver(now)))
                .sort(Sorts.ascending("createdAt"))
                .limit(limit)
                .into(new ArrayList<>());
    }

    /** Queued jobs of every account whose message is not published yet: the length of the outbox. */
    public long countUndispatched() {
        return mongoCollection().countDocuments(and(eq("dispatched", false), eq("status", JobStatus.QUEUED.wireName())));
    }

    /**
     * Queued jobs of every account that were created before {@code job} (ties on {@code createdAt}
     * broken by id). Served by the {@code (status, createdAt)} index: the count walks one index
     * entry per job ahead, so it costs as much as the queue in front of the job is long.
     */
    public long countQueuedAhead(JobEntity job) {
        return mongoCollection().countDocuments(and(
                eq("status", JobStatus.QUEUED.wireName()),
                or(lt("createdAt", job.createdAt), and(eq("createdAt", job.createdAt), lt("_id", job.id)))));
    }

    /**
     * One page of the account's jobs, newest first (by id, which sorts by creation time): those
     * matching {@code filter} with an id below {@code startingAfter} when that is given. At most
     * {@code limit} jobs.
     */
    public List<JobEntity> listForAccount(String accountId, Bson filter, String startingAfter, int limit) {
        List<Bson> filters = new ArrayList<>(List.of(eq("accountId", accountId), filter));
        if (startingAfter != null) {
            filters.add(lt("_id", startingAfter));
        }
        return mongoCollection()
                .find(and(filters))
                .sort(Sorts.descending("_id"))
                .limit(limit)
                .into(new ArrayList<>());
    }

    /**
     * Claims a queued job for {@code owner}: {@code queued → running}, attempt + 1, lease until
     * {@code now + lease}. Empty when the job is missing, already running elsewhere, finished, or
     * past its deadline ({@code expiresAt}), which {@link #expireOverdue} then handles.
     */
    public Optional<JobEntity> claim(String jobId, String owner, Instant now, Duration lease) {
        JobStatus.QUEUED.checkTransitionTo(JobStatus.RUNNING);
        Bson filter = and(eq("_id", jobId), eq("status", JobStatus.QUEUED.wireName()),
                or(eq("expiresAt", null), gt("expiresAt", now)), backoffOver(now));
        Bson update = Updates.combine(
                Updates.set("status", JobStatus.RUNNING.wireName()),
                Updates.set("leaseOwner", owner),
                Updates.set("leaseExpiresAt", now.plus(lease)),
                Updates.set("startedAt", now),
                Updates.inc("attempt", 1),
                Updates.inc("version", 1L),
                Updates.push("transitions", new Transition(JobStatus.QUEUED.wireName(), JobStatus.RUNNING.wireName(), now)));
        return Optional.ofNullable(mongoCollection().findOneAndUpdate(filter, update, RETURN_AFTER));
    }

    /** Extends the lease of a job this owner still runs; false when the lease was lost. */
    public boolean extendLease(String jobId, String owner, Instant until) {
        return mongoCollection()
                .updateOne(
                        and(eq("_id", jobId), eq("status", JobStatus.RUNNING.wireName()), eq("leaseOwner", owner)),
                        Updates.set("leaseExpiresAt", until))
                .getModifiedCount() == 1;
    }

    /** {@code running → succeeded} with the stored outputs, if {@code running} is still current. */
    public Optional<JobEntity> succeed(JobEntity running, List<StoredImage> outputs, Instant now) {
        return transition(running, JobStatus.SUCCEEDED, now, List.of(Updates.set("outputs", outputs)));
    }

    /**
     * {@code running → failed} (or {@code queued → failed} when the queue gave up delivering it)
     * keeping the error, if {@code job} is still current.
     */
    public Optional<JobEntity> fail(JobEntity job, JobErrorEntry error, Instant now) {
        return transition(job, JobStatus.FAILED, now, List.of(Updates.push("errors", error)));
    }

    /**
     * {@code running → queued} after a transient fault, keeping the attempt's error, so that the job
     * runs again on the next delivery of its message; only if {@code running} is still current.
     */
    public Optional<JobEntity> requeue(JobEntity running, JobErrorEntry error, Instant now) {
        return transition(running, JobStatus.QUEUED, now, List.of(Updates.push("errors", error)));
    }

    /**
     * {@code queued → cancelled} or {@code running → cancelled}, if {@code job} is still current. A
     * running job's worker then finds its lease gone and its outcome refused.
     */
    public Optional<JobEntity> cancel(JobEntity job, Instant now) {
        return transition(job, JobStatus.CANCELLED, now, List.of());
    }

    /** Queued jobs whose deadline passed before {@code now}, earliest deadline first. */
    public List<JobEntity> findOverdue(Instant now, int limit) {
        return mongoCollection()
                .find(and(eq("status", JobStatus.QUEUED.wireName()), lte("expiresAt", now)))
                .sort(Sorts.ascending("expiresAt"))
                .limit(limit)
                .into(new ArrayList<>());
    }

    /** {@code queued → expired} for a job past its deadline, if {@code queued} is still current. */
    public Optional<JobEntity> expire(JobEntity queued, Instant now) {
        if (queued.expiresAt == null || queued.expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("job " + queued.id + " is not past its deadline at " + now);
        }
        return transition(queued, JobStatus.EXPIRED, now, List.of());
    }

    /**
     * Expires the job if it is still queued and past its deadline at {@code now}; empty when it is
     * not (missing, not queued, no deadline, deadline ahead) or someone else changed it first.
     */
    public Optional<JobEntity> expireOverdue(String jobId, Instant now) {
        return Optional.ofNullable(mongoCollection()
                        .find(and(eq("_id", jobId), eq("status", JobStatus.QUEUED.wireName()), lte("expiresAt", now)))
                        .first())
                .flatMap(queued -> expire(queued, now));
    }

    /** Running jobs whose lease ran out before {@code now}: their worker died or stopped renewing. */
    public List<JobEntity> findExpiredLeases(Instant now, int limit) {
        return mongoCollection()
                .find(and(eq("status", JobStatus.RUNNING.wireName()), lt("leaseExpiresAt", now)))
                .sort(Sorts.ascending("leaseExpiresAt"))
                .limit(limit)
                .into(new ArrayList<>());
    }

    /**
     * {@code running → queued} for another attempt, keeping the attempt's error and clearing
     * {@code dispatched}, so that the dispatch sweeper publishes its message again once
     * {@code dispatchAfter} has passed; no worker claims it before then.
     */
    public Optional<JobEntity> requeueForDispatch(JobEntity running, JobErrorEntry error, Instant now, Instant dispatchAfter) {
        return transition(running, JobStatus.QUEUED, now,
                List.of(Updates.push("errors", error), Updates.set("dispatched", false), Updates.set("dispatchAfter", dispatchAfter)));
    }

    /** Finished jobs whose input images are still kept although the job ended before {@code endedBefore}. */
    public List<JobEntity> findInputsPastRetention(Instant endedBefore, int limit) {
        return mongoCollection()
                .find(and(lte("finishedAt", endedBefore), eq("inputsDeletedAt", null)))
                .sort(Sorts.ascending("finishedAt"))
                .limit(limit)
                .into(new ArrayList<>());
    }

    /** Succeeded jobs whose output images are still kept although the job ended before {@code endedBefore}. */
    public List<JobEntity> findOutputsPastRetention(Instant endedBefore, int limit) {
        return mongoCollection()
                .find(and(eq("status", JobStatus.SUCCEEDED.wireName()), lte("finishedAt", endedBefore),
                        eq("outputsDeletedAt", null)))
                .sort(Sorts.ascending("finishedAt"))
                .limit(limit)
                .into(new ArrayList<>());
    }

    /** Records that the job's input images were deleted. */
    public void markInputsDeleted(String jobId, Instant now) {
        mongoCollection().updateOne(eq("_id", jobId), Updates.set("inputsDeletedAt", now));
    }

    /** Records that the job's output images were deleted. */
    public void markOutputsDeleted(String jobId, Instant now) {
        mongoCollection().updateOne(eq("_id", jobId), Updates.set("outputsDeletedAt", now));
    }

    /**
     * Takes the next finished job whose completion work (webhook, metrics) is due, leasing it for
     * {@code lease} so that a crashed gateway's work is picked up again.
     */
    public Optional<JobEntity> claimNotification(Instant now, Duration lease) {
        Bson filter = and(
                eq("notifyPending", true),
                lte("notifyNextAt", now),
                or(eq("notifyLeaseUntil", null), lte("notifyLeaseUntil", now)));
        return Optional.ofNullable(mongoCollection()
                .findOneAndUpdate(filter, Updates.set("notifyLeaseUntil", now.plus(lease)), RETURN_AFTER));
    }

    /** The completion work for this job is done. */
    public void finishNotification(String jobId, Instant now) {
        mongoCollection().updateOne(eq("_id", jobId), Updates.combine(
                Updates.set("notifyPending", false),
                Updates.set("notifiedAt", now),
                Updates.unset("notifyLeaseUntil")));
    }

    /** The completion work failed; try again at {@code nextAt}. */
    public void retryNotification(String jobId, int attempts, Instant nextAt) {
        mongoCollection().updateOne(eq("_id", jobId), Updates.combine(
                Updates.set("notifyAttempts", attempts),
                Updates.set("notifyNextAt", nextAt),
                Updates.unset("notifyLeaseUntil")));
    }

    /** The job's retry backoff is over, or it has none. */
    private static Bson backoffOver(Instant now) {
        return or(eq("dispatchAfter", null), lte("dispatchAfter", now));
    }

    private Optional<JobEntity> transition(JobEntity job, JobStatus to, Instant now, List<Bson> changes) {
        JobStatus from = job.jobStatus();
        from.checkTransitionTo(to);
        List<Bson> filters = new ArrayList<>(List.of(
                eq("_id", job.id), eq("status", from.wireName()), eq("version", job.version)));
        List<Bson> updates = new ArrayList<>(changes);
        updates.add(Updates.set("status", to.wireName()));
        updates.add(Updates.inc("version", 1L));
        updates.add(Updates.push("transitions", new Transition(from.wireName(), to.wireName(), now)));
        if (from == JobStatus.RUNNING) {
            filters.add(eq("leaseOwner", job.leaseOwner));
            updates.add(Updates.unset("leaseOwner"));
            updates.add(Updates.unset("leaseExpiresAt"));
        }
        if (to.isTerminal()) {
            updates.add(Updates.set("finishedAt", now));
            updates.add(Updates.set("notifyPending", true));
            updates.add(Updates.set("notifyNextAt", now));
        }
        return Optional.ofNullable(mongoCollection().findOneAndUpdate(and(filters), Updates.combine(updates), RETURN_AFTER));
    }
}
