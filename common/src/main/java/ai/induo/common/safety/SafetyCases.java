package ai.induo.common.safety;

import ai.induo.common.id.Ids;
import ai.induo.common.image.ImageCodec;
import ai.induo.common.store.ObjectStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Safety cases (privacy policy §2.3): opens one with anonymised copies of a job's inputs, lists,
 * shows and resolves them, and counts them for the report.
 *
 * <p>The copies are re-encoded to PNG from the decoded pixels, which drops every piece of metadata
 * the uploads carried (EXIF, GPS, ICC profiles, comments), and stored under {@code safety/<case id>/}
 * sealed by the {@link SafetyCipher} under the safety key. The case names no account or job; its
 * {@link SafetyCaseLink} does, and is deleted when the case is resolved.
 */
public final class SafetyCases {

    /** Prefix of every safety-case object. */
    public static final String OBJECT_PREFIX = "safety/";

    private final SafetyCaseStore store;
    private final ObjectStore objects;
    private final SafetyCipher cipher;
    private final Clock clock;

    public SafetyCases(SafetyCaseStore store, ObjectStore objects, SafetyCipher cipher, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.objects = Objects.requireNonNull(objects, "objects");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A stored image of a case: its object name and PNG bytes. */
    public record CaseImage(String name, byte[] png) {
    }

    /** Opens a case for the job with anonymised copies of its inputs. */
    public SafetyCase open(SafetySource source, SafetyCategory category, String accountId, String jobId,
            SafetyInput input) throws IOException {
        String caseId = Ids.newId(Ids.SAFETY_CASE, clock.instant());
        List<String> names = new ArrayList<>();
        names.add(store(caseId, "person.png", input.person()));
        for (int i = 0; i < input.products().size(); i++) {
            names.add(store(caseId, "product-" + i + ".png", input.products().get(i)));
        }
        SafetyCase opened = new SafetyCase(caseId, category, source, SafetyOutcome.OPEN, today(), names, null);
        store.insert(opened, new SafetyCaseLink(caseId, accountId, jobId));
        return opened;
    }

    /** Whether the job already has an open case. */
    public boolean hasOpenCase(String jobId) {
        return store.hasOpenCaseForJob(jobId);
    }

    public Optional<SafetyCase> find(String caseId) {
        return store.find(caseId);
    }

    /** A page of cases in creation order, after {@code afterCaseId} (null: from the first), filtered by outcome. */
    public List<SafetyCase> list(Optional<SafetyOutcome> outcome, String afterCaseId, int limit) {
        return store.list(outcome, afterCaseId, limit);
    }

    /** The account and job of an open case; empty once it is resolved. */
    public Optional<SafetyCaseLink> link(String caseId) {
        return store.link(caseId);
    }

    /** The case's images, decrypted with the safety key. */
    public List<CaseImage> images(SafetyCase safetyCase) throws IOException {
        List<CaseImage> images = new ArrayList<>();
        for (String name : safetyCase.objects()) {
            try (InputStream in = objects.open(name)) {
                images.add(new CaseImage(name, cipher.open(name, in.readAllBytes())));
            }
        }
        return images;
    }

    /**
     * Resolves an open case with {@code outcome} and deletes its link; the case as resolved, or empty
     * when no open case has this id.
     */
    public Optional<SafetyCase> resolve(String caseId, SafetyOutcome outcome) {
        if (!outcome.isResolved()) {
            throw new IllegalArgumentException("a case is resolved as dismissed or confirmed abuse, not " + outcome.wireName());
        }
        Optional<SafetyCase> resolved = store.resolve(caseId, outcome, today());
        resolved.ifPresent(done -> store.deleteLink(done.id()));
        return resolved;
    }

    /** Deletes every link to the account (its erasure); how many there were. The anonymised cases stay. */
    public long forgetAccount(String accountId) {
        return store.deleteLinksOfAccount(accountId);
    }

    /** Case counts per category and outcome. */
    public Map<SafetyCategory, Map<SafetyOutcome, Long>> report() {
        return store.countByCategoryAndOutcome();
    }

    private String store(String caseId, String file, BufferedImage image) throws IOException {
        String name = OBJECT_PREFIX + caseId + "/" + file;
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageCodec.writePng(image, png);
        byte[] sealed = cipher.seal(name, png.toByteArray());
        objects.put(name, out -> out.write(sealed));
        return name;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
