package ai.induo.gateway.policy;

import ai.induo.gateway.account.AccountRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Announces a new privacy policy version (policy §8: "we will notify you via the email associated with
 * your API account"): records the version, then enqueues one message per account in the outbox, walking
 * the accounts a page at a time so that memory stays flat however many there are. Announcing a version
 * again enqueues only for accounts that have no message for it yet: nobody is mailed twice, and an
 * announcement cut short resumes where it stopped.
 */
@ApplicationScoped
public class PolicyAnnouncement {

    /** What a version looks like: the policy's date, or any short name without spaces. */
    static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._-]{0,63}");
    /** The longest summary, in characters. */
    static final int MAX_SUMMARY_CHARS = 20_000;

    @Inject
    PolicyVersionRepository versions;

    @Inject
    AccountRepository accounts;

    @Inject
    MailOutboxRepository outbox;

    @Inject
    MailConfig config;

    @Inject
    Clock clock;

    /**
     * What an announcement did.
     *
     * @param announced the version as recorded (on a repeat, with its first summary and time)
     * @param enqueued how many accounts got a message now
     */
    public record Outcome(PolicyVersionEntity announced, int enqueued) {
    }

    /** Thrown for a version or summary that cannot be announced. */
    public static final class RefusedException extends RuntimeException {
        RefusedException(String message) {
            super(message);
        }
    }

    /**
     * Records {@code version} with its {@code summary} and enqueues its message for every account.
     *
     * @throws RefusedException when the version or summary is malformed, or the version was announced
     *     before with another summary
     */
    public Outcome announce(String version, String summary) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new RefusedException("the version must be 1 to 64 letters, digits, '.', '_' or '-', e.g. 2026-12-03");
        }
        String text = summary == null ? "" : summary.strip();
        if (text.isEmpty() || text.length() > MAX_SUMMARY_CHARS) {
            throw new RefusedException("the summary must have 1 to " + MAX_SUMMARY_CHARS + " characters");
        }
        Instant now = clock.instant();
        PolicyVersionEntity candidate = new PolicyVersionEntity();
        candidate.version = version;
        candidate.summary = text;
        candidate.announcedAt = now;
        PolicyVersionEntity announced = versions.recordIfAbsent(candidate);
        if (!announced.summary.equals(text)) {
            throw new RefusedException("version " + version + " was announced on " + announced.announcedAt
                    + " with another summary; announce the change as a new version");
        }
        int enqueued = 0;
        String after = null;
        List<String> page;
        do {
            page = accounts.idsNotOnPolicyVersion(after, version, config.enqueuePage());
            enqueued += outbox.enqueue(page, version, now);
            after = page.isEmpty() ? after : page.get(page.size() - 1);
        } while (page.size() == config.enqueuePage());
        return new Outcome(announced, enqueued);
    }
}
