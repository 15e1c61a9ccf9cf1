package ai.induo.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.induo.gateway.Api;
import ai.induo.gateway.SmtpServerResource;
import ai.induo.gateway.account.AccountRepository;
import ai.induo.gateway.operator.OperatorAudit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policy changes (policy §8) mailed through the outbox to the real SMTP server of the test resources:
 * sign-up records the version in force; {@code announce-policy} mails every account once, to its email
 * as it is at send time; an SMTP outage delays the mail, an erased account's message is dropped, and a
 * message that keeps failing is given up.
 */
@QuarkusTest
class PolicyAnnouncementTest {

    private static final Duration MAIL_WAIT = Duration.ofSeconds(60);

    @Inject
    AnnouncePolicyCommand command;

    @Inject
    MailOutboxRepository outbox;

    @Inject
    PolicyVersionRepository versions;

    @Inject
    AccountRepository accounts;

    @Inject
    MailConfig config;

    @Inject
    MeterRegistry meters;

    @Inject
    OperatorAudit audit;

    @TempDir
    Path dir;

    @Test
    void signUpRecordsThePolicyVersionInForce() {
        Api.Account account = Api.signUp();

        account.auth().get("/v1/account").then().statusCode(200)
                .body("policy_version", org.hamcrest.Matchers.equalTo("2026-02-04"));
        assertThat(accounts.findById(account.id()).policyVersionAt).isNotNull();
    }

    @Test
    void announcementMailsEveryAccountOnceWithItsVersionAndSummary() throws IOException, MessagingException {
        List<Api.Account> owners = List.of(Api.signUp(), Api.signUp(), Api.signUp());
        String version = newVersion();
        Path summary = Files.writeString(dir.resolve("changes.txt"), "Outputs are now kept 24 hours.\nTraining opt-out is per account.");

        Run first = announce("--version", version, "--summary-file", summary.toString());

        assertThat(first.status()).isEqualTo(AnnouncePolicyCommand.DONE);
        assertThat(first.out()).contains("policy " + version + " announced");
        assertThat(audit.page(null, null, 1)).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo(AnnouncePolicyCommand.AUDIT_ACTION);
            assertThat(entry.detail()).startsWith("version " + version);
        });
        assertThat(outbox.count(new Document("version", version))).isEqualTo(accounts.count());
        for (Api.Account owner : owners) {
            MimeMessage mail = await().atMost(MAIL_WAIT).until(() -> mailTo(owner.email()), Optional::isPresent).orElseThrow();
            assertThat(mail.getSubject()).contains(version);
            assertThat(mail.getFrom()).extracting(Address::toString).containsExactly("privacy@induo.ai");
            assertThat(body(mail)).contains(version, "Outputs are now kept 24 hours.", "Training opt-out is per account.",
                    "Acme Fashion");
            await().atMost(MAIL_WAIT).untilAsserted(() -> owner.auth().get("/v1/account").then()
                    .body("policy_version", org.hamcrest.Matchers.equalTo(version)));
        }

        Run second = announce("--version", version, "--summary-file", summary.toString());

        assertThat(second.status()).isEqualTo(AnnouncePolicyCommand.DONE);
        assertThat(second.out()).contains("0 account(s) enqueued now");
        assertThat(outbox.count(new Document("version", version).append("status", MailOutboxEntity.PENDING))).isZero();
        for (Api.Account owner : owners) {
            assertThat(mailsTo(owner.email())).hasSize(1);
        }
    }

    @Test
    void aVersionIsAnnouncedWithOneSummaryOnly() {
        String version = newVersion();
        assertThat(announce("--version", version, "--summary", "First words.").status()).isEqualTo(AnnouncePolicyCommand.DONE);

        Run changed = announce("--version", version, "--summary", "Other words.");

        assertThat(changed.status()).isEqualTo(AnnouncePolicyCommand.REFUSED);
        assertThat(changed.err()).contains("another summary");
        assertThat(announce("--version", "no spaces please", "--summary", "x").status()).isEqualTo(AnnouncePolicyCommand.REFUSED);
        assertThat(announce("--version", version).status()).isEqualTo(AnnouncePolicyCommand.USAGE);
    }

    @Test
    void anSmtpOutageDelaysTheMailToTheEmailAsCorrectedMeanwhileAndAnErasedAccountIsDropped() {
        Api.Account corrected = Api.signUp();
        Api.Account erased = Api.signUp();
        String version = newVersion();
        double droppedBefore = counted("dropped");
        SmtpServerResource.stopServer();
        try {
            announce("--version", version, "--summary", "Residency is Europe only.");
            await().atMost(MAIL_WAIT).until(() -> message(corrected, version).attempts >= 2 && message(erased, version).attempts >= 2);
            assertThat(message(corrected, version).status).isEqualTo(MailOutboxEntity.PENDING);
            String newEmail = "corrected-" + UUID.randomUUID() + "@example.com";
            corrected.auth().contentType("application/json").body(Map.of("email", newEmail)).patch("/v1/account")
                    .then().statusCode(200);
            accounts.deleteById(erased.id());
        } finally {
            SmtpServerResource.restartServer();
        }

        await().atMost(MAIL_WAIT).until(() -> message(corrected, version).status.equals(MailOutboxEntity.SENT));
        String newEmail = accounts.findById(corrected.id()).email;
        assertThat(mailsTo(newEmail)).hasSize(1);
        assertThat(mailsTo(corrected.email())).isEmpty();
        await().atMost(MAIL_WAIT).until(() -> outbox.find(new Document("accountId", erased.id())).count() == 0);
        assertThat(mailsTo(erased.email())).isEmpty();
        assertThat(counted("dropped")).isGreaterThan(droppedBefore);
    }

    @Test
    void aMessageThatFailsItsLastAttemptIsGivenUpAndCounted() {
        Api.Account account = Api.signUp();
        PolicyVersionEntity announced = new PolicyVersionEntity();
        announced.version = newVersion();
        announced.summary = "Never delivered.";
        announced.announcedAt = Instant.now();
        versions.recordIfAbsent(announced);
        double gaveUpBefore = counted("gave_up");
        SmtpServerResource.stopServer();
        try {
            MailOutboxEntity last = new MailOutboxEntity();
            last.accountId = account.id();
            last.version = announced.version;
            last.status = MailOutboxEntity.PENDING;
            last.attempts = config.maxAttempts() - 1;
            last.nextAttemptAt = Instant.now();
            outbox.persist(last);

            await().atMost(MAIL_WAIT).until(() -> MailOutboxEntity.GAVE_UP.equals(message(account, announced.version).status));
        } finally {
            SmtpServerResource.restartServer();
        }
        MailOutboxEntity given = message(account, announced.version);
        assertThat(given.attempts).isEqualTo(config.maxAttempts());
        assertThat(given.lastError).isNotBlank();
        assertThat(counted("gave_up")).isEqualTo(gaveUpBefore + 1);
    }

    private record Run(int status, String out, String err) {
    }

    private Run announce(String... arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = command.run(List.of(arguments), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String newVersion() {
        return "2026-12-03." + UUID.randomUUID().toString().substring(0, 8);
    }

    private MailOutboxEntity message(Api.Account account, String version) {
        return outbox.find(new Document("accountId", account.id()).append("version", version)).firstResult();
    }

    private double counted(String outcome) {
        Counter counter = meters.find(PolicyMailSender.METER).tag(PolicyMailSender.OUTCOME, outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static Optional<MimeMessage> mailTo(String email) {
        return mailsTo(email).stream().findFirst();
    }

    private static List<MimeMessage> mailsTo(String email) {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage message : SmtpServerResource.received()) {
            try {
                for (Address recipient : message.getAllRecipients()) {
                    if (recipient.toString().equalsIgnoreCase(email)) {
                        found.add(message);
                    }
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return found;
    }

    private static String body(MimeMessage message) {
        try {
            return message.getContent().toString();
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
