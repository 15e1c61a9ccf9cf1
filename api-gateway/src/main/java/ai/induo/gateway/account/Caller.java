package ai.induo.gateway.account;

import java.util.Set;

/**
 * The authenticated caller of a request: an API key with its scopes, or the account owner signed in
 * to the dashboard with a session, who holds every scope.
 *
 * @param accountId the account every query of the request is scoped to
 * @param apiKeyId the API key used; {@code null} for a dashboard session
 * @param scopes what the caller may do
 */
public record Caller(String accountId, String apiKeyId, Set<Scope> scopes) {

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    /** The account owner, signed in to the dashboard. */
    public static Caller accountOwner(String accountId) {
        return new Caller(accountId, null, Scope.ALL);
    }

    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }
}
