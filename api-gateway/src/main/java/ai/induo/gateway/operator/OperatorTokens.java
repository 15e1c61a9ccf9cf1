package ai.induo.gateway.operator;

import ai.induo.common.id.Ids;
import ai.induo.gateway.account.SecretTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Operator tokens: made by the {@code operator-token} command and shown once, stored as their
 * SHA-256 only ({@link SecretTokens#OPERATOR}, like API keys), revoked at once, and authenticated by
 * an indexed lookup of their hash.
 */
@ApplicationScoped
public class OperatorTokens {

    /** The id prefix of operator tokens, {@code opt_…}. */
    public static final String ID_PREFIX = "opt";
    /** The longest token name, in characters. */
    public static final int MAX_NAME_CHARS = 100;

    @Inject
    OperatorTokenRepository tokens;

    @Inject
    OperatorConfig config;

    @Inject
    Clock clock;

    /** A new token: what is stored, and the token itself in clear, returned this once. */
    public record CreatedToken(OperatorTokenEntity entity, String token) {
    }

    /** A new token for this operator with these roles (at least one). */
    public CreatedToken create(String name, Set<Role> roles) {
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > MAX_NAME_CHARS) {
            throw new IllegalArgumentException("a name is required, at most " + MAX_NAME_CHARS + " characters");
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a token needs at least one role");
        }
        Instant now = clock.instant();
        String token = SecretTokens.OPERATOR.newToken();
        OperatorTokenEntity entity = new OperatorTokenEntity();
        entity.id = Ids.newId(ID_PREFIX, now);
        entity.name = cleanName;
        entity.prefix = SecretTokens.OPERATOR.displayPrefix(token);
        entity.hash = SecretTokens.hash(token);
        entity.roles = Role.wireNames(roles);
        entity.createdAt = now;
        tokens.persist(entity);
        return new CreatedToken(entity, token);
    }

    /** Every token, revoked ones too, newest first. */
    public List<OperatorTokenEntity> list() {
        return tokens.listAll();
    }

    /** Revokes the token at once; false when there is no such live token. */
    public boolean revoke(String id) {
        return Ids.isValid(ID_PREFIX, id) && tokens.revoke(id, clock.instant());
    }

    /**
     * The operator holding this token, if it is a live one. Records when the token was used, at most
     * once per {@code induo.operator.last-used-interval}.
     */
    public Optional<Operator> authenticate(String token) {
        if (!SecretTokens.OPERATOR.matches(token)) {
            return Optional.empty();
        }
        return tokens.findLiveByHash(SecretTokens.hash(token)).map(entity -> {
            recordUse(entity);
            return new Operator(entity.id, entity.name, rolesOf(entity));
        });
    }

    /** The token's roles; a stored name this version does not know grants nothing. */
    static Set<Role> rolesOf(OperatorTokenEntity token) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        token.roles.forEach(name -> Role.fromWireName(name).ifPresent(roles::add));
        return roles;
    }

    private void recordUse(OperatorTokenEntity token) {
        Instant now = clock.instant();
        Instant staleBefore = now.minus(config.lastUsedInterval());
        if (token.lastUsedAt == null || token.lastUsedAt.isBefore(staleBefore)) {
            tokens.recordUse(token.id, now, staleBefore);
        }
    }
}
