package ai.induo.gateway.session;

import ai.induo.gateway.account.AccountEntity;
import ai.induo.gateway.account.AccountService;
import ai.induo.gateway.account.Caller;
import ai.induo.gateway.account.SecretTokens;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Dashboard sign-in: an email and password buy a short-lived session token that acts for the account
 * owner, with every scope. A wrong password and an unknown email get the same answer in the same
 * time; repeated failures are throttled ({@link LoginThrottle}). Signing out ends a session before it
 * expires.
 */
@ApplicationScoped
public class SessionService {

    @Inject
    AccountService accounts;

    @Inject
    SessionRepository sessions;

    @Inject
    LoginThrottle throttle;

    @Inject
    GatewayConfig config;

    @Inject
    Clock clock;

    /** A new session: its token in clear, returned this once, and when it expires. */
    public record CreatedSession(String token, Instant expiresAt) {
    }

    /** A session for the account with this email and password; {@code 401 invalid_credentials} otherwise. */
    public CreatedSession signIn(String email, String password, String clientAddress) {
        String cleanEmail = AccountService.normalizeEmail(email);
        throttle.ensureAllowed(cleanEmail, clientAddress);
        Optional<AccountEntity> account = accounts.verifyPassword(cleanEmail, password);
        if (account.isEmpty()) {
            throttle.recordFailure(cleanEmail, clientAddress);
            throw new ApiException(Response.Status.UNAUTHORIZED, ErrorCodes.INVALID_CREDENTIALS,
                    "The email or the password is not correct.");
        }
        throttle.recordSuccess(cleanEmail);
        Instant now = clock.instant();
        String token = SecretTokens.SESSION.newToken();
        SessionEntity session = new SessionEntity();
        session.id = SecretTokens.hash(token);
        session.accountId = account.get().id;
        session.createdAt = now;
        session.expiresAt = now.plus(config.sessions().ttl());
        sessions.persist(session);
        return new CreatedSession(token, session.expiresAt);
    }

    /** The account owner holding this session token, if it is a live session. */
    public Optional<Caller> authenticate(String token) {
        if (!SecretTokens.SESSION.matches(token)) {
            return Optional.empty();
        }
        return sessions.findLive(SecretTokens.hash(token), clock.instant())
                .map(session -> Caller.accountOwner(session.accountId, session.id));
    }

    /**
     * Ends the session the caller authenticated with: its token answers {@code 401} from now on. A
     * caller holding an API key rather than a session is {@code 400 not_a_session}.
     */
    public void signOut(Caller caller) {
        if (caller.sessionId() == null) {
            throw ApiException.badRequest(ErrorCodes.NOT_A_SESSION,
                    "This request is authenticated with an API key, not a session token; revoke a key with DELETE /v1/api-keys/{id}.");
        }
        sessions.deleteById(caller.sessionId());
    }
}
