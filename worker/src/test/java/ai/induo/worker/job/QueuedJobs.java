package ai.induo.worker.job;

import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.id.Ids;
import ai.induo.common.job.JobStatus;
import ai.induo.common.queue.JobMessage;
import ai.induo.platform.job.JobEntity;
import ai.induo.platform.job.JobEntity.StoredImage;
import ai.induo.platform.job.JobRepository;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Jobs as the gateway leaves them for a worker: stored encrypted inputs and a queued, dispatched job document. */
@Singleton
public class QueuedJobs {

    static final String MODEL = "induo-demo-tryon";
    static final int MAX_ATTEMPTS = 3;

    @Inject
    JobRepository jobs;

    @Inject
    EncryptedObjectStore objects;

    @Inject
    Clock clock;

    /** A queued job of a new account with these images stored as its person and product inputs. */
    JobEntity insert(byte[] person, byte[] product) throws IOException {
        String accountId = Ids.newId(Ids.ACCOUNT, clock.instant());
        String personKey = "accounts/" + accountId + "/inputs/person";
        String productKey = "accounts/" + accountId + "/inputs/product-0";
        objects.put(accountId, personKey, new ByteArrayInputStream(person));
        objects.put(accountId, productKey, new ByteArrayInputStream(product));
        JobEntity job = newJob(accountId, List.of(
                new StoredImage("person", personKey, "image/png", 0, 0, person.length),
                new StoredImage("product", productKey, "image/png", 0, 0, product.length)));
        jobs.persist(job);
        return job;
    }

    /** A queued, dispatched job document with these inputs, not stored yet. */
    JobEntity newJob(String accountId, List<StoredImage> inputs) {
        Instant now = clock.instant();
        JobEntity job = new JobEntity();
        job.id = Ids.newId(Ids.JOB, now);
        job.accountId = accountId;
        job.status = JobStatus.QUEUED.wireName();
        job.model = MODEL;
        job.maxAttempts = MAX_ATTEMPTS;
        job.inputs.addAll(inputs);
        job.createdAt = now;
        job.dispatched = true;
        job.dispatchedAt = now;
        return job;
    }

    /** The message the gateway publishes for the job's first attempt. */
    JobMessage messageFor(JobEntity job) {
        return JobMessage.of(job.id, job.accountId, MODEL, 1, clock.instant());
    }
}
