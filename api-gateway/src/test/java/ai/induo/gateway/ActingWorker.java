package ai.induo.gateway;

import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.job.Job;
import ai.induo.common.job.JobFailure;
import ai.induo.common.job.JobImage;
import ai.induo.common.job.JobImages;
import ai.induo.common.job.JobLifecycle;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Does what a worker does with a submitted job, through the same {@link JobLifecycle} (so the same
 * events go out), for gateway tests that run no worker: claim it, store an output, end it.
 */
@Singleton
public class ActingWorker {

    public static final String WORKER = "test-worker";

    @Inject
    JobLifecycle lifecycle;

    @Inject
    EncryptedObjectStore objects;

    /** Claims the queued job. */
    public Job claim(String jobId) {
        return lifecycle.claim(jobId, WORKER).orElseThrow(() -> new IllegalStateException("job " + jobId + " is not claimable"));
    }

    /** Claims the job and ends it as {@code succeeded} with {@code outputs} (stored or not). */
    public Job succeed(String jobId, List<JobImage> outputs) {
        return lifecycle.succeed(claim(jobId), outputs).orElseThrow();
    }

    /** Claims the job, stores {@code png} encrypted as its first output and ends it as {@code succeeded}. */
    public Job succeedWithOutput(String jobId, byte[] png, int width, int height) {
        return succeedWithOutput(claim(jobId), png, width, height);
    }

    /** Stores {@code png} encrypted as the claimed job's first output and ends it as {@code succeeded}. */
    public Job succeedWithOutput(Job running, byte[] png, int width, int height) {
        String jobId = running.id();
        String key = JobImages.outputKey(running.accountId(), jobId, 0);
        try {
            objects.put(running.accountId(), key, new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JobImage output = new JobImage(JobImage.Role.OUTPUT, key, JobImages.OUTPUT_CONTENT_TYPE, width, height, png.length);
        return lifecycle.succeed(running, List.of(output)).orElseThrow();
    }

    /** Claims the job and fails it for good with {@code code}. */
    public Job fail(String jobId, String code, String message) {
        return lifecycle.failAttempt(claim(jobId), JobFailure.permanent(code, message)).orElseThrow();
    }
}
