package ai.induo.gateway.account;

import java.util.Set;

/**
 * The authenticated caller of a request: an API key with its scopes, or the account owner signed in
 * to the dashboard with a session, who holds every scope.
 *
 * @param accountId the account every query of the request is scoped to
 * @param apiKeyId the API key used; {@code null} for a dashboard session
 * @param sessionId the dashboard session used (the SHA-256 of its token); {@code null} for an API key
 * @param scopes what the caller may do
 */
public record Caller(String accountId, String apiKeyId, String sessionId, Set<Scope> scopes) {

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    /** The account owner, signed in to the dashboard with the session {@code sessionId}. */
    public static Caller accountOwner(String accountId, String sessionId) {
        return new Caller(accountId, null, sessionId, Scope.ALL);
    }

    /** An API key of the account, with its scopes. */
    public static Caller apiKey(String accountId, String apiKeyId, Set<Scope> scopes) {
        return new Caller(accountId, apiKeyId, null, scopes);
    }

    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }
}
