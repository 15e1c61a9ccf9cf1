package ai.induo.gateway.policy;

import io.quarkus.mailer.Mail;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The message that tells an account's owner of a new privacy policy version. */
final class PolicyMessage {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private PolicyMessage() {
    }

    /** The subject line: it names the version. */
    static String subject(PolicyVersionEntity version) {
        return "Changes to the Induo privacy policy (version " + version.version + ")";
    }

    /** The plain-text message to {@code email}, addressed to {@code name}, from {@code from}. */
    static Mail of(PolicyVersionEntity version, String name, String email, String from) {
        String body = "Hello " + name + ",\n\n"
                + "we have updated the Induo privacy policy. Version " + version.version + " was announced on "
                + DAY.format(version.announcedAt) + ".\n\n"
                + "What changed:\n\n"
                + version.summary + "\n\n"
                + "You receive this message at the email address of your Induo API account, as section 8 of the "
                + "policy promises for every material change. Questions: support@induo.ai.\n";
        return Mail.withText(email, subject(version), body).setFrom(from);
    }
}
