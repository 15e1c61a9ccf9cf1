package ai.induo.gateway.policy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Mail to account owners ({@code induo.mail.*}): the outbox of policy announcements and its sender. The
 * SMTP server itself is quarkus-mailer's ({@code quarkus.mailer.*}).
 */
@ConfigMapping(prefix = "induo.mail")
public interface MailConfig {

    /** The sender address of every message. */
    @WithDefault("privacy@induo.ai")
    String from();

    /** How often the sender looks for messages due. */
    @WithDefault("10S")
    Duration sendEvery();

    /** The most messages one gateway sends in one run of the sender. */
    @WithDefault("200")
    int batch();

    /** How many accounts an announcement reads and enqueues at a time. */
    @WithDefault("500")
    int enqueuePage();

    /**
     * How long a message taken by a sender stays taken: a gateway that stops while sending leaves it
     * to be sent again after this.
     */
    @WithDefault("5M")
    Duration claimTimeout();

    /** Attempts per message; after this many failures the message is given up. */
    @WithDefault("8")
    int maxAttempts();

    /** Backoff between attempts of one message. */
    Retry retry();

    /** Capped exponential backoff with jitter ({@link ai.induo.common.job.RetryPolicy}). */
    interface Retry {

        /** The delay after the first failed attempt; it doubles after each further one. */
        @WithDefault("1M")
        Duration initialDelay();

        /** The longest delay between two attempts. */
        @WithDefault("6H")
        Duration maxDelay();

        /** The largest share of a delay taken off at random, from 0 to 1. */
        @WithDefault("0.2")
        double jitter();
    }
}
