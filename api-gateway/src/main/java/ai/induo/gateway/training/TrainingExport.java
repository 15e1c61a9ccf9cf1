package ai.induo.gateway.training;

import ai.induo.common.crypto.DecryptionException;
import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.crypto.KeyUnavailableException;
import ai.induo.common.crypto.MasterKeyUnavailableException;
import ai.induo.common.crypto.SealedObjectCipher;
import ai.induo.common.image.MetadataStripper;
import ai.induo.common.job.Job;
import ai.induo.common.job.JobImage;
import ai.induo.common.store.ObjectNotFoundException;
import ai.induo.common.store.ObjectStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Exports a training set (privacy policy §2.2): the person, product and output images of jobs that
 * succeeded recently, are still within retention and belong to accounts that did not opt out
 * ({@link TrainingJobs}), stripped of their metadata again, each sealed under the training key
 * ({@link TrainingKey}, never the master key) as an object of a fresh random name under
 * {@code <prefix><set id>/}, with a sealed {@code manifest.jsonl}: per sample a fresh random id, the
 * day its job ended, the model, and each image's role, object name and dimensions. Nothing else: no
 * account or job id, no metadata, no time finer than a day, and the samples in random order, so
 * nothing in a set links to an account.
 */
@ApplicationScoped
public class TrainingExport {

    /** The manifest's object name inside a set's folder. */
    public static final String MANIFEST = "manifest.jsonl";

    private static final Logger LOG = Logger.getLogger(TrainingExport.class);
    private static final int RANDOM_ID_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    TrainingConfig config;

    @Inject
    TrainingKey trainingKey;

    @Inject
    TrainingJobs jobs;

    @Inject
    EncryptedObjectStore accountObjects;

    @Inject
    ObjectStore store;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    /** How far back an export looks unless told. */
    public static final Duration DEFAULT_SINCE = Duration.ofDays(7);
    /** How many jobs an export takes at most unless told. */
    public static final int DEFAULT_LIMIT = 1_000;

    /**
     * What to export: the jobs of the last {@code since}, at most {@code limit} of them.
     *
     * @throws IllegalArgumentException unless {@code since} is positive and {@code limit} at least 1
     */
    public record Request(Duration since, int limit) {

        public Request {
            if (since.isNegative() || since.isZero() || limit < 1) {
                throw new IllegalArgumentException("since must be positive and limit at least 1");
            }
        }

        /**
         * The request {@code since} (an ISO-8601 duration) and {@code limit} give, each null for its
         * default.
         *
         * @throws IllegalArgumentException when either is malformed or out of range
         */
        public static Request parse(String since, String limit) {
            try {
                return new Request(since == null ? DEFAULT_SINCE : Duration.parse(since),
                        limit == null ? DEFAULT_LIMIT : Integer.parseInt(limit));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("since is not an ISO-8601 duration: " + since, e);
            }
        }
    }

    /** What an export wrote: the set's folder and how many samples and image objects it holds. */
    public record Result(String setId, String folder, int samples, int images) {
    }

    /** Exports the eligible jobs the request asks for as one new set. */
    public Result export(Request request) throws IOException {
        SealedObjectCipher cipher = trainingKey.cipher();
        String setId = "trs_" + randomId();
        String folder = config.prefix() + setId + "/";
        List<Map<String, Object>> samples = new ArrayList<>();
        int images = 0;
        for (Job job : jobs.eligible(clock.instant().minus(request.since()), request.limit())) {
            List<Map<String, Object>> copies = new ArrayList<>();
            for (JobImage image : allImages(job)) {
                String object = folder + randomId();
                if (!copy(job.accountId(), image, object, cipher)) {
                    for (Map<String, Object> copied : copies) {
                        store.delete((String) copied.get("object"));
                    }
                    copies = null;
                    break;
                }
                copies.add(Map.of("role", image.role().wireName(), "object", object, "width", image.width(),
                        "height", image.height()));
            }
            if (copies != null) {
                images += copies.size();
                samples.add(Map.of("id", randomId(), "day", LocalDate.ofInstant(job.finishedAt(), ZoneOffset.UTC).toString(),
                        "model", job.model(), "images", copies));
            }
        }
        Collections.shuffle(samples, RANDOM);
        ByteArrayOutputStream manifest = new ByteArrayOutputStream();
        for (Map<String, Object> sample : samples) {
            manifest.write(json.writeValueAsBytes(sample));
            manifest.write('\n');
        }
        String manifestName = folder + MANIFEST;
        byte[] sealed = cipher.seal(manifestName, manifest.toByteArray());
        store.put(manifestName, out -> out.write(sealed));
        return new Result(setId, folder, samples.size(), images);
    }

    private static List<JobImage> allImages(Job job) {
        List<JobImage> all = new ArrayList<>(job.inputs());
        all.addAll(job.outputs());
        return all;
    }

    /**
     * Copies one image stripped and sealed; false when it is gone from storage (deleted meanwhile) or
     * does not open (its account's key destroyed by an erasure, or the object damaged or moved).
     */
    private boolean copy(String accountId, JobImage image, String object, SealedObjectCipher cipher) throws IOException {
        ByteArrayOutputStream stripped = new ByteArrayOutputStream();
        try (InputStream in = accountObjects.open(accountId, image.key())) {
            new MetadataStripper(in).writeTo(stripped);
        } catch (ObjectNotFoundException e) {
            LOG.debugf("an image of a job was deleted before it was exported for training");
            return false;
        } catch (MasterKeyUnavailableException e) {
            throw e;
        } catch (KeyUnavailableException | DecryptionException e) {
            LOG.warnf("an image of a job does not open (%s); its job is left out of the training set", e.getClass().getSimpleName());
            return false;
        }
        byte[] sealed = cipher.seal(object, stripped.toByteArray());
        store.put(object, out -> out.write(sealed));
        return true;
    }

    private static String randomId() {
        byte[] id = new byte[RANDOM_ID_BYTES];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }
}
