package ai.induo.gateway.policy;

import ai.induo.common.job.RetryPolicy;
import ai.induo.gateway.account.AccountEntity;
import ai.induo.gateway.account.AccountRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.Mailer;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Sends the outbox's due messages over SMTP (quarkus-mailer), to the account's email as it is at send
 * time. A message whose account no longer exists is dropped; one the SMTP server refuses or cannot take
 * is tried again with capped exponential backoff, and given up after {@code induo.mail.max-attempts}.
 * Once a message is sent the account records the version it was told of. Delivery is at least once: a
 * gateway that stops between the server's acceptance and the outbox update sends it again after the
 * claim timeout.
 */
@ApplicationScoped
public class PolicyMailSender {

    /** Messages by {@value #OUTCOME}: {@code sent}, {@code retried}, {@code gave_up}, {@code dropped}. */
    public static final String METER = "induo.mail.messages";
    static final String OUTCOME = "outcome";

    private static final Logger LOG = Logger.getLogger(PolicyMailSender.class);

    @Inject
    MailOutboxRepository outbox;

    @Inject
    PolicyVersionRepository versions;

    @Inject
    AccountRepository accounts;

    @Inject
    Mailer mailer;

    @Inject
    MailConfig config;

    @Inject
    MeterRegistry meters;

    @Inject
    Clock clock;

    private RetryPolicy retryPolicy;

    @PostConstruct
    void init() {
        retryPolicy = RetryPolicy.of(config.retry().initialDelay(), config.retry().maxDelay(), config.retry().jitter(), clock);
    }

    /** Sends up to {@code induo.mail.batch} due messages. */
    @Scheduled(every = "${induo.mail.send-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sendDue() {
        for (int sent = 0; sent < config.batch(); sent++) {
            Instant now = clock.instant();
            Optional<MailOutboxEntity> message = outbox.claimDue(now, now.plus(config.claimTimeout()));
            if (message.isEmpty()) {
                return;
            }
            send(message.get());
        }
    }

    private void send(MailOutboxEntity message) {
        Optional<AccountEntity> account = accounts.findByIdOptional(message.accountId);
        Optional<PolicyVersionEntity> version = versions.find(message.version);
        if (account.isEmpty() || version.isEmpty()) {
            outbox.deleteById(message.id);
            count("dropped");
            return;
        }
        try {
            mailer.send(PolicyMessage.of(version.get(), account.get().name, account.get().email, config.from()));
        } catch (RuntimeException e) {
            failed(message, e);
            return;
        }
        Instant now = clock.instant();
        outbox.markSent(message.id, now);
        accounts.recordPolicyVersion(message.accountId, message.version, now, versions.announcedAfter(version.get()));
        count("sent");
    }

    private void failed(MailOutboxEntity message, RuntimeException failure) {
        Throwable e = failure.getCause() == null ? failure : failure.getCause();
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (message.attempts >= config.maxAttempts()) {
            outbox.giveUp(message.id, error);
            count("gave_up");
            LOG.warnf("gave up the policy %s message to account %s after %d attempts (%s)", message.version,
                    message.accountId, message.attempts, e.getClass().getSimpleName());
            return;
        }
        Instant next = retryPolicy.nextAttemptAt(message.attempts);
        outbox.retryAt(message.id, next, error);
        count("retried");
        LOG.infof("the policy %s message to account %s failed (attempt %d, %s); next attempt at %s", message.version,
                message.accountId, message.attempts, e.getClass().getSimpleName(), next);
    }

    private void count(String outcome) {
        Counter.builder(METER).description("Policy announcement messages by outcome").tag(OUTCOME, outcome)
                .register(meters).increment();
    }
}
