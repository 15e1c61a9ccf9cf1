package ai.induo.worker.job;

import static com.mongodb.client.model.Filters.eq;

import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.job.Job;
import ai.induo.common.job.JobFixtures;
import ai.induo.common.job.JobImage;
import ai.induo.common.job.JobImages;
import ai.induo.common.job.JobStatus;
import ai.induo.common.queue.JobMessage;
import ai.induo.common.queue.JobQueue;
import ai.induo.platform.job.MongoJobStore;
import com.mongodb.client.model.Updates;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;

/**
 * Plays the gateway for the worker's tests: jobs stored as the gateway leaves them (encrypted inputs
 * and a queued, published job from {@link JobFixtures}) and their messages.
 */
@Singleton
public class QueuedJobs {

    @Inject
    MongoJobStore jobs;

    @Inject
    EncryptedObjectStore objects;

    @Inject
    JobQueue queue;

    @Inject
    Clock clock;

    /** A queued job of a new account with these images stored as its person and product inputs. */
    public Job insert(byte[] person, byte[] product) throws IOException {
        return insert(JobFixtures.aQueuedJob(clock.instant()), person, product);
    }

    /** Stores the job with these images stored as its person and product inputs. */
    public Job insert(Job job, byte[] person, byte[] product) throws IOException {
        store(job, JobImages.person(job).orElseThrow(), person);
        store(job, JobImages.products(job).get(0), product);
        return insert(job);
    }

    /** Stores the job as given, its inputs not stored; answers it as the store reads it back (times in millis). */
    public Job insert(Job job) {
        jobs.insert(job);
        return jobs.find(job.id()).orElseThrow();
    }

    /** The message the gateway publishes for the job's next attempt. */
    public JobMessage messageFor(Job job) {
        return JobMessage.of(job.id(), job.accountId(), job.model(), job.attempt() + 1, clock.instant());
    }

    /**
     * What the gateway's dispatch sweep does for the job: publishes it again once it is back in the
     * queue unpublished and its retry backoff is over, and marks it published.
     */
    void republishWhenDue(String jobId) {
        Instant now = clock.instant();
        Job job = jobs.find(jobId).orElseThrow();
        if (job.status() == JobStatus.QUEUED && !job.dispatched() && !job.dispatchAfter().isAfter(now)) {
            queue.publish(messageFor(job));
            jobs.mongoCollection().updateOne(eq("_id", jobId), Updates.set("dispatched", true));
        }
    }

    private void store(Job job, JobImage image, byte[] content) throws IOException {
        objects.put(job.accountId(), image.key(), new ByteArrayInputStream(content));
    }
}
