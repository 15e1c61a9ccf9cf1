package ai.induo.platform.job;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import ai.induo.common.job.DuplicateIdempotencyKeyException;
import ai.induo.common.job.Job;
import ai.induo.common.job.JobError;
import ai.induo.common.job.JobImage;
import ai.induo.common.job.JobStatus;
import ai.induo.common.job.JobStore;
import ai.induo.platform.job.JobEntity.JobErrorEntry;
import ai.induo.platform.job.JobEntity.StoredImage;
import ai.induo.platform.job.JobEntity.Transition;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
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
 * {@link JobStore} on MongoDB's {@code jobs} collection. Every status change is one
 * {@code findOneAndUpdate} conditional on {@code {_id, status, version}} (plus the lease owner of a
 * running job) that returns the document after the change; when it matches nothing, someone else
 * won. A terminal change also opens the completion outbox ({@code notifyPending}) the gateway works off.
 * A claim marks the job {@code dispatched}: its message reached a worker, whether or not the gateway
 * that published it has written its own mark yet.
 */
@ApplicationScoped
public class MongoJobStore implements JobStore, PanacheMongoRepositoryBase<JobEntity, String> {

    private static final FindOneAndUpdateOptions RETURN_AFTER =
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

    @Override
    public void insert(Job job) {
        try {
            persist(JobEntity.of(job));
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY && job.idempotencyKey() != null
                    && findByIdempotencyKey(job.accountId(), job.idempotencyKey()).isPresent()) {
                throw new DuplicateIdempotencyKeyException(job, e);
            }
            throw e;
        }
    }

    @Override
    public Optional<Job> findByIdempotencyKey(String accountId, String idempotencyKey) {
        return first(eq("accountIdempotencyKey", JobEntity.accountIdempotencyKey(accountId, idempotencyKey)));
    }

    @Override
    public Optional<Job> find(String jobId) {
        return findByIdOptional(jobId).map(JobEntity::toJob);
    }

    @Override
    public Optional<Job> findForAccount(String jobId, String accountId) {
        return first(and(eq("_id", jobId), eq("accountId", accountId)));
    }

    @Override
    public Optional<Job> claim(String jobId, String owner, Instant now, Duration lease) {
        JobStatus.QUEUED.checkTransitionTo(JobStatus.RUNNING);
        Bson filter = and(eq("_id", jobId), eq("status", JobStatus.QUEUED.wireName()),
                or(eq("expiresAt", null), gt("expiresAt", now)), JobFilters.backoffOver(now));
        Bson update = Updates.combine(
                Updates.set("status", JobStatus.RUNNING.wireName()),
                Updates.set("leaseOwner", owner),
                Updates.set("leaseExpiresAt", now.plus(lease)),
                Updates.set("startedAt", now),
                Updates.set("dispatched", true),
                Updates.inc("attempt", 1),
                Updates.inc("version", 1L),
                Updates.push("transitions", Transition.of(JobStatus.QUEUED, JobStatus.RUNNING, now)));
        return Optional.ofNullable(mongoCollection().findOneAndUpdate(filter, update, RETURN_AFTER)).map(JobEntity::toJob);
    }

    @Override
    public boolean extendLease(String jobId, String owner, Instant until) {
        return mongoCollection()
                .updateOne(
                        and(eq("_id", jobId), eq("status", JobStatus.RUNNING.wireName()), eq("leaseOwner", owner)),
                        Updates.set("leaseExpiresAt", until))
                .getModifiedCount() == 1;
    }

    @Override
    public Optional<Job> succeed(Job running, List<JobImage> outputs, Instant now) {
        return transition(running, JobStatus.SUCCEEDED, now, List.of(),
                List.of(Updates.set("outputs", outputs.stream().map(StoredImage::of).toList())));
    }

    @Override
    public Optional<Job> failAttempt(Job running, JobError error, Instant now, Optional<Instant> retryAt) {
        return retryOrFail(running, error, now, retryAt, List.of());
    }

    @Override
    public Optional<Job> loseLease(Job running, JobError error, Instant now, Optional<Instant> retryAt) {
        return retryOrFail(running, error, now, retryAt, List.of(lt("leaseExpiresAt", now)));
    }

    @Override
    public Optional<Job> requeue(Job running, JobError error, Instant now) {
        return transition(running, JobStatus.QUEUED, now, List.of(), List.of(pushError(error)));
    }

    @Override
    public Optional<Job> cancel(Job job, Instant now) {
        return transition(job, JobStatus.CANCELLED, now, List.of(), List.of());
    }

    @Override
    public Optional<Job> expire(Job queued, Instant now) {
        return transition(queued, JobStatus.EXPIRED, now, List.of(lte("expiresAt", now)), List.of());
    }

    @Override
    public Optional<Job> deadLetter(Job queued, JobError error, Instant now) {
        return transition(queued, JobStatus.FAILED, now, List.of(), List.of(pushError(error)));
    }

    @Override
    public List<Job> findExpiredLeases(Instant now, int limit) {
        return list(and(eq("status", JobStatus.RUNNING.wireName()), lt("leaseExpiresAt", now)),
                Sorts.ascending("leaseExpiresAt"), limit);
    }

    @Override
    public List<Job> findOverdue(Instant now, int limit) {
        return list(and(eq("status", JobStatus.QUEUED.wireName()), lte("expiresAt", now)), Sorts.ascending("expiresAt"), limit);
    }

    /** {@code running → queued} until {@code retryAt}, unpublished, when present; else {@code running → failed}. */
    private Optional<Job> retryOrFail(Job running, JobError error, Instant now, Optional<Instant> retryAt,
            List<Bson> conditions) {
        if (retryAt.isEmpty()) {
            return transition(running, JobStatus.FAILED, now, conditions, List.of(pushError(error)));
        }
        return transition(running, JobStatus.QUEUED, now, conditions, List.of(pushError(error),
                Updates.set("dispatched", false), Updates.set("dispatchAfter", retryAt.get())));
    }

    private Optional<Job> first(Bson filter) {
        return Optional.ofNullable(mongoCollection().find(filter).first()).map(JobEntity::toJob);
    }

    private List<Job> list(Bson filter, Bson sort, int limit) {
        return mongoCollection().find(filter).sort(sort).limit(limit).map(JobEntity::toJob).into(new ArrayList<>());
    }

    private static Bson pushError(JobError error) {
        return Updates.push("errors", JobErrorEntry.of(error));
    }

    private Optional<Job> transition(Job job, JobStatus to, Instant now, List<Bson> conditions, List<Bson> changes) {
        JobStatus from = job.status();
        from.checkTransitionTo(to);
        List<Bson> filters = new ArrayList<>(List.of(eq("_id", job.id()), eq("status", from.wireName()),
                eq("version", job.version())));
        filters.addAll(conditions);
        List<Bson> updates = new ArrayList<>(changes);
        updates.add(Updates.set("status", to.wireName()));
        updates.add(Updates.inc("version", 1L));
        updates.add(Updates.push("transitions", Transition.of(from, to, now)));
        if (from == JobStatus.RUNNING) {
            filters.add(eq("leaseOwner", job.leaseOwner()));
            updates.add(Updates.unset("leaseOwner"));
            updates.add(Updates.unset("leaseExpiresAt"));
        }
        if (to.isTerminal()) {
            updates.add(Updates.set("finishedAt", now));
            updates.add(Updates.set("notifyPending", true));
            updates.add(Updates.set("notifyNextAt", now));
        }
        return Optional.ofNullable(mongoCollection().findOneAndUpdate(and(filters), Updates.combine(updates), RETURN_AFTER))
                .map(JobEntity::toJob);
    }
}
