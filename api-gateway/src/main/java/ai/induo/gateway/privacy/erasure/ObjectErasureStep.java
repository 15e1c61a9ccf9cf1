package ai.induo.gateway.privacy.erasure;

import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.job.JobImage;
import ai.induo.common.job.JobImages;
import ai.induo.gateway.job.JobListRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bson.Document;

/**
 * Deletes the account's objects: everything under the account's prefix ({@link JobImages#accountPrefix}),
 * such as an output a worker stored for a job that was cancelled meanwhile, and the inputs and outputs
 * every job of the account names wherever they are. Already unreadable since the account's keys were
 * destroyed; this removes the ciphertext too. Counts the objects found under the prefix.
 */
@ApplicationScoped
public class ObjectErasureStep implements ErasureStep {

    @Inject
    JobListRepository jobs;

    @Inject
    EncryptedObjectStore objects;

    @Override
    public String name() {
        return "objects";
    }

    @Override
    public int order() {
        return 200;
    }

    @Override
    public Map<String, Long> erase(ErasureSubject subject) throws IOException {
        List<String> stored = objects.list(JobImages.accountPrefix(subject.accountId()));
        for (String key : stored) {
            objects.delete(key);
        }
        AccountJobs.forEach(jobs, subject.accountId(), new Document(), job -> {
            for (JobImage image : Stream.concat(job.inputs().stream(), job.outputs().stream()).toList()) {
                objects.delete(image.key());
            }
        });
        return Map.of("objects", (long) stored.size());
    }
}
