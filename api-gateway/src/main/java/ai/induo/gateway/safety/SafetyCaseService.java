package ai.induo.gateway.safety;

import ai.induo.common.crypto.DecryptionException;
import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.crypto.KeyUnavailableException;
import ai.induo.common.image.ImageCodec;
import ai.induo.common.image.ImageRejectedException;
import ai.induo.common.job.Job;
import ai.induo.common.job.JobImage;
import ai.induo.common.job.JobImages;
import ai.induo.common.job.JobStore;
import ai.induo.common.safety.SafetyCase;
import ai.induo.common.safety.SafetyCases;
import ai.induo.common.safety.SafetyCategory;
import ai.induo.common.safety.SafetyInput;
import ai.induo.common.safety.SafetyOutcome;
import ai.induo.common.safety.SafetySource;
import ai.induo.common.store.ObjectNotFoundException;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the {@code safety} role does with safety cases: flags a job (a case with anonymised copies
 * of its inputs, as the worker's rule opens one), lists, shows and resolves cases, and reports
 * counts. Bad input ends in a problem with a stable code.
 */
@ApplicationScoped
public class SafetyCaseService {

    /** Most cases one list page holds. */
    public static final int MAX_PAGE = 100;

    private final SafetyCases cases;
    private final JobStore jobs;
    private final EncryptedObjectStore objects;

    SafetyCaseService(SafetyCases cases, JobStore jobs, EncryptedObjectStore objects) {
        this.cases = cases;
        this.jobs = jobs;
        this.objects = objects;
    }

    /**
     * Opens a case for the job under {@code category} with anonymised copies of its inputs.
     *
     * @throws ApiException {@code 404 not_found} for an unknown job, {@code 400 invalid_safety_category},
     *     {@code 409 safety_inputs_unavailable} when the job's inputs were already deleted
     */
    public SafetyCaseView flag(String jobId, String category) {
        SafetyCategory parsed = SafetyCategory.fromWireName(category).orElseThrow(() -> new ApiException(
                Response.Status.BAD_REQUEST, ErrorCodes.INVALID_SAFETY_CATEGORY,
                "category must be one of " + wireNames(SafetyCategory.values())));
        Job job = jobs.find(jobId).orElseThrow(() -> notFound("job", jobId));
        try {
            BufferedImage person = decode(job, JobImages.person(job).orElseThrow(() -> inputsGone(jobId)));
            List<BufferedImage> products = new ArrayList<>();
            for (JobImage product : JobImages.products(job)) {
                products.add(decode(job, product));
            }
            return SafetyCaseView.summary(cases.open(SafetySource.OPERATOR, parsed, job.accountId(), job.id(),
                    new SafetyInput(person, products)));
        } catch (ObjectNotFoundException e) {
            throw inputsGone(jobId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A page of cases after {@code after} (a case id; null: from the first), only those with
     * {@code outcome} when it is given.
     */
    public List<SafetyCaseView> list(String outcome, String after, int limit) {
        Optional<SafetyOutcome> wanted = Optional.ofNullable(outcome).map(name -> SafetyOutcome.fromWireName(name)
                .orElseThrow(() -> new ApiException(Response.Status.BAD_REQUEST, ErrorCodes.INVALID_SAFETY_OUTCOME,
                        "outcome must be one of " + wireNames(SafetyOutcome.values()))));
        int size = Math.max(1, Math.min(limit, MAX_PAGE));
        return cases.list(wanted, after, size).stream().map(SafetyCaseView::summary).toList();
    }

    /** The case with its link (while open) and its images, decrypted with the safety key. */
    public SafetyCaseView view(String caseId) {
        SafetyCase found = cases.find(caseId).orElseThrow(() -> notFound("safety case", caseId));
        SafetyCaseView.Link link = cases.link(caseId)
                .map(stored -> new SafetyCaseView.Link(stored.accountId(), stored.jobId())).orElse(null);
        try {
            List<SafetyCaseView.Image> images = cases.images(found).stream()
                    .map(image -> new SafetyCaseView.Image(image.name(), JobImages.OUTPUT_CONTENT_TYPE,
                            Base64.getEncoder().encodeToString(image.png())))
                    .toList();
            return SafetyCaseView.detail(found, link, images);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Resolves an open case as {@code dismissed} or {@code confirmed_abuse} and forgets its account
     * and job.
     *
     * @throws ApiException {@code 400 invalid_safety_outcome}, {@code 404 not_found},
     *     {@code 409 safety_case_resolved} when it was resolved before
     */
    public SafetyCaseView resolve(String caseId, String outcome) {
        SafetyOutcome parsed = SafetyOutcome.fromWireName(outcome).filter(SafetyOutcome::isResolved)
                .orElseThrow(() -> new ApiException(Response.Status.BAD_REQUEST, ErrorCodes.INVALID_SAFETY_OUTCOME,
                        "outcome must be dismissed or confirmed_abuse"));
        SafetyCase found = cases.find(caseId).orElseThrow(() -> notFound("safety case", caseId));
        return cases.resolve(found.id(), parsed).map(SafetyCaseView::summary)
                .orElseThrow(() -> new ApiException(Response.Status.CONFLICT, ErrorCodes.SAFETY_CASE_RESOLVED,
                        "safety case " + caseId + " is already resolved"));
    }

    /** Case counts by category, then outcome, every category and outcome named (zeros included). */
    public Map<String, Map<String, Long>> report() {
        Map<SafetyCategory, Map<SafetyOutcome, Long>> counts = cases.report();
        Map<String, Map<String, Long>> report = new TreeMap<>();
        for (SafetyCategory category : SafetyCategory.values()) {
            Map<SafetyOutcome, Long> byOutcome = counts.getOrDefault(category, new EnumMap<>(SafetyOutcome.class));
            Map<String, Long> row = new TreeMap<>();
            for (SafetyOutcome outcome : SafetyOutcome.values()) {
                row.put(outcome.wireName(), byOutcome.getOrDefault(outcome, 0L));
            }
            report.put(category.wireName(), row);
        }
        return report;
    }

    private BufferedImage decode(Job job, JobImage image) throws IOException {
        try (InputStream in = objects.open(job.accountId(), image.key())) {
            return ImageCodec.decode(in);
        } catch (ImageRejectedException | DecryptionException | KeyUnavailableException e) {
            throw new ApiException(Response.Status.CONFLICT, ErrorCodes.SAFETY_INPUTS_UNAVAILABLE,
                    "the " + image.role().wireName() + " image of job " + job.id() + " cannot be opened");
        }
    }

    private static ApiException inputsGone(String jobId) {
        return new ApiException(Response.Status.CONFLICT, ErrorCodes.SAFETY_INPUTS_UNAVAILABLE,
                "the inputs of job " + jobId + " are no longer stored");
    }

    private static ApiException notFound(String what, String id) {
        return new ApiException(Response.Status.NOT_FOUND, ErrorCodes.NOT_FOUND, "no " + what + " " + id);
    }

    private static String wireNames(SafetyCategory[] values) {
        return Arrays.stream(values).map(SafetyCategory::wireName).collect(Collectors.joining(", "));
    }

    private static String wireNames(SafetyOutcome[] values) {
        return Arrays.stream(values).map(SafetyOutcome::wireName).collect(Collectors.joining(", "));
    }
}
