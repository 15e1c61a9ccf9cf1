package ai.induo.gateway.session;

import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.crypto.KeyedDigests;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Slows password guessing: failed sign-ins are counted per email and per client address over a
 * sliding window ({@code induo.gateway.sessions.failure-window}), in MongoDB so every gateway sees
 * the same counts, under keyed digests of the email and the address ({@link KeyedDigests}) that a
 * copy of the database cannot test guesses against. Past the limit, sign-in for that email or from that address is refused with
 * {@code 429} and {@code Retry-After} until enough failures have expired, whether the password is
 * right or not. Emails with no account are counted like any other, so a refusal tells nothing about
 * which emails have one. Requests racing past the check together may each add one failure beyond the
 * limit; the next request is refused.
 */
@ApplicationScoped
public class LoginThrottle {

    @Inject
    LoginFailureRepository failures;

    @Inject
    GatewayConfig config;

    @Inject
    KeyedDigests digests;

    @Inject
    Clock clock;

    /** Refuses with {@code 429 too_many_attempts} while the email or the client address is over its limit. */
    public void ensureAllowed(String email, String clientAddress) {
        Instant now = clock.instant();
        Optional<Instant> freeAt = Stream.of(
                        freeAt(emailKey(email), config.sessions().maxFailuresPerEmail(), now),
                        freeAt(clientKey(clientAddress), config.sessions().maxFailuresPerClient(), now))
                .flatMap(Optional::stream)
                .max(Comparator.naturalOrder());
        if (freeAt.isPresent()) {
            throw ApiException.tooManyRequests(ErrorCodes.TOO_MANY_ATTEMPTS,
                    "Too many failed sign-ins; try again after the time in Retry-After.", Duration.between(now, freeAt.get()));
        }
    }

    /** Counts a failed sign-in against the email and the client address. */
    public void recordFailure(String email, String clientAddress) {
        Instant expiresAt = clock.instant().plus(config.sessions().failureWindow());
        failures.persist(List.of(new LoginFailureEntity(emailKey(email), expiresAt),
                new LoginFailureEntity(clientKey(clientAddress), expiresAt)));
    }

    /** Forgets the email's failures once its password was given; the client address's stay counted. */
    public void recordSuccess(String email) {
        forget(email);
    }

    /** Forgets every failure counted against the email (its account is being erased); how many there were. */
    public long forget(String email) {
        return failures.deleteKey(emailKey(email));
    }

    /** When the key drops below its limit again; empty when it is below it now. */
    private Optional<Instant> freeAt(String key, int limit, Instant now) {
        long count = failures.countLive(key, now);
        if (count < limit) {
            return Optional.empty();
        }
        return failures.expiryAt(key, now, Math.toIntExact(count - limit));
    }

    private String emailKey(String email) {
        return digests.hex(KeyedDigests.Purpose.LOGIN_FAILURE, "email:" + email);
    }

    private String clientKey(String clientAddress) {
        return digests.hex(KeyedDigests.Purpose.LOGIN_FAILURE, "client:" + clientAddress);
    }
}
