package ai.induo.worker.job;

import ai.induo.common.crypto.DecryptionException;
import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.crypto.KeyUnavailableException;
import ai.induo.common.crypto.MasterKeyUnavailableException;
import ai.induo.common.image.ImageCodec;
import ai.induo.common.image.ImageRejectedException;
import ai.induo.common.job.Job;
import ai.induo.common.job.JobErrorCode;
import ai.induo.common.job.JobFailure;
import ai.induo.common.job.JobImage;
import ai.induo.common.job.JobImages;
import ai.induo.worker.batch.ModelBatcher;
import ai.induo.worker.inference.InferenceException;
import ai.induo.worker.inference.InvalidInputException;
import ai.induo.worker.inference.TryOn;
import ai.induo.worker.safety.SafetyScreening;
import jakarta.inject.Singleton;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Does the work of one claimed job on its job thread: reads and decrypts its inputs, decodes them,
 * has the {@link SafetyScreening} check them and turns them into model rounds; the
 * {@link ModelBatcher} runs each round, with other jobs' rounds of the same size, on the model
 * thread; back on the job thread the output is encoded, encrypted and stored under the job's output
 * key ({@link JobImages#outputKey}, the same on every attempt). So while the model runs one batch,
 * the job threads prepare the next and store the last.
 */
@Singleton
public class JobRunner {

    private final EncryptedObjectStore objects;
    private final SafetyScreening safety;

    JobRunner(EncryptedObjectStore objects, SafetyScreening safety) {
        this.objects = objects;
        this.safety = safety;
    }

    /**
     * The stored output image, or empty when {@code leaseLost} turned true while the model ran (the
     * job is no longer this worker's, so nothing is stored).
     *
     * @throws IOException when storage fails
     * @throws ImageRejectedException when an input cannot be decoded
     */
    Optional<JobImage> produceOutput(Job job, ModelBatcher model, BooleanSupplier leaseLost)
            throws IOException, ImageRejectedException {
        JobImage personImage = JobImages.person(job).orElseThrow(() -> new InvalidInputException("The job has no person image"));
        BufferedImage person = decode(job, personImage);
        List<BufferedImage> products = new ArrayList<>();
        for (JobImage product : JobImages.products(job)) {
            products.add(decode(job, product));
        }
        safety.screen(job, person, products);
        BufferedImage result = TryOn.dress(person, products, model::run);
        if (leaseLost.getAsBoolean()) {
            return Optional.empty();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageCodec.writePng(result, png);
        String key = JobImages.outputKey(job.accountId(), job.id(), 0);
        objects.put(job.accountId(), key, png::writeTo);
        return Optional.of(new JobImage(JobImage.Role.OUTPUT, key, JobImages.OUTPUT_CONTENT_TYPE, result.getWidth(),
                result.getHeight(), png.size()));
    }

    /** Deletes an output this worker stored but could not record. */
    void discard(JobImage output) throws IOException {
        objects.delete(output.key());
    }

    /** Why an attempt failed, from what {@link #produceOutput} threw: bad input is not retried, the rest is. */
    static JobFailure failureOf(Throwable e) {
        if (e instanceof InvalidInputException || e instanceof ImageRejectedException) {
            return JobFailure.permanent(JobErrorCode.INVALID_INPUT, e.getMessage());
        }
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            return JobFailure.transientFault(JobErrorCode.STORAGE_ERROR, "Reading or writing images in storage failed");
        }
        if (e instanceof InferenceException) {
            return JobFailure.transientFault(JobErrorCode.MODEL_ERROR, "The try-on model failed");
        }
        if (e instanceof OutOfMemoryError) {
            return JobFailure.transientFault(JobErrorCode.INTERNAL_ERROR, "The worker ran out of memory");
        }
        return JobFailure.transientFault(JobErrorCode.INTERNAL_ERROR, "An internal error occurred");
    }

    /**
     * The input image, decrypted and decoded. One that does not open as this job's input (changed, or
     * copied from another job or account) is bad input; one missing from storage, or a master key
     * that cannot be used now, is a fault that passes.
     */
    private BufferedImage decode(Job job, JobImage image) throws IOException, ImageRejectedException {
        try (InputStream in = objects.open(job.accountId(), image.key())) {
            return ImageCodec.decode(in);
        } catch (ImageRejectedException e) {
            throw new ImageRejectedException(e.reason(),
                    "The " + image.role().wireName() + " image cannot be used: " + e.getMessage(), e);
        } catch (MasterKeyUnavailableException e) {
            throw e;
        } catch (DecryptionException | KeyUnavailableException e) {
            throw new InvalidInputException("The " + image.role().wireName()
                    + " image does not open as this job's input: it was changed, or copied from elsewhere");
        }
    }
}
