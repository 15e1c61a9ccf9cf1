package ai.induo.gateway.account;

import ai.induo.common.id.Ids;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * API keys: made with scopes and shown once, listed without their secret, revoked at once, and
 * authenticated by an indexed lookup of their hash.
 */
@ApplicationScoped
public class ApiKeyService {

    /** The longest key name, in characters. */
    public static final int MAX_NAME_CHARS = 100;

    @Inject
    ApiKeyRepository keys;

    @Inject
    GatewayConfig config;

    @Inject
    Clock clock;

    /** A new key: what is stored, and the key itself in clear, returned this once. */
    public record CreatedKey(ApiKeyEntity entity, String key) {
    }

    /** A new key for the account, with these scopes (at least one). */
    public CreatedKey create(String accountId, String name, Set<Scope> scopes) {
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > MAX_NAME_CHARS) {
            throw ApiException.unprocessable(ErrorCodes.INVALID_REQUEST, "name is required, at most " + MAX_NAME_CHARS + " characters.");
        }
        if (scopes.isEmpty()) {
            throw ApiException.unprocessable(ErrorCodes.INVALID_SCOPE, "scopes must name at least one scope.");
        }
        int limit = config.apiKeys().maxPerAccount();
        if (keys.countLive(accountId) >= limit) {
            throw ApiException.unprocessable(ErrorCodes.TOO_MANY_API_KEYS,
                    "An account holds at most " + limit + " API keys; revoke one first.");
        }
        Instant now = clock.instant();
        String key = SecretTokens.API_KEY.newToken();
        ApiKeyEntity entity = new ApiKeyEntity();
        entity.id = Ids.newId(Ids.API_KEY, now);
        entity.accountId = accountId;
        entity.name = cleanName;
        entity.prefix = SecretTokens.API_KEY.displayPrefix(key);
        entity.hash = SecretTokens.hash(key);
        entity.scopes = Scope.wireNames(scopes);
        entity.createdAt = now;
        keys.persist(entity);
        return new CreatedKey(entity, key);
    }

    /** The account's live keys, newest first. */
    public List<ApiKeyEntity> list(String accountId) {
        return keys.listLive(accountId);
    }

    /** Revokes the account's key at once; an unknown id, another account's key or a revoked one is {@code 404}. */
    public void revoke(String accountId, String keyId) {
        if (!Ids.isValid(Ids.API_KEY, keyId) || !keys.revoke(accountId, keyId, clock.instant())) {
            throw ApiException.notFound("No such API key in this account.");
        }
    }

    /**
     * The caller holding this key, if it is a live key. Records when the key was used, at most once
     * per {@code induo.gateway.api-keys.last-used-interval}, so authenticating stays a single read.
     */
    public Optional<Caller> authenticate(String key) {
        if (!SecretTokens.API_KEY.matches(key)) {
            return Optional.empty();
        }
        return keys.findLiveByHash(SecretTokens.hash(key)).map(entity -> {
            recordUse(entity);
            return Caller.apiKey(entity.accountId, entity.id, scopesOf(entity));
        });
    }

    /** The scopes with these wire names; an unknown name is {@code 422 invalid_scope}. */
    public static Set<Scope> scopesNamed(Collection<String> names) {
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String name : names) {
            scopes.add(Scope.fromWireName(name).orElseThrow(() -> ApiException.unprocessable(ErrorCodes.INVALID_SCOPE,
                    "Unknown scope '" + name + "'; the scopes are " + String.join(", ", Scope.wireNames(Scope.ALL)) + ".")));
        }
        return scopes;
    }

    /** The key's scopes; a stored name this version does not know grants nothing. */
    public static Set<Scope> scopesOf(ApiKeyEntity key) {
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        key.scopes.forEach(name -> Scope.fromWireName(name).ifPresent(scopes::add));
        return scopes;
    }

    private void recordUse(ApiKeyEntity key) {
        Instant now = clock.instant();
        Instant staleBefore = now.minus(config.apiKeys().lastUsedInterval());
        if (key.lastUsedAt == null || key.lastUsedAt.isBefore(staleBefore)) {
            keys.recordUse(key.id, now, staleBefore);
        }
    }
}
