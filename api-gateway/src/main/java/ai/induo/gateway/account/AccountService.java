package ai.induo.gateway.account;

import ai.induo.common.crypto.DecryptionException;
import ai.induo.common.crypto.MasterKey;
import ai.induo.common.id.Ids;
import ai.induo.common.webhook.WebhookSigner;
import ai.induo.gateway.account.AccountEntity.ApiKeyEntry;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import at.favre.lib.crypto.bcrypt.BCrypt;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Sign-up and API-key authentication. */
@ApplicationScoped
public class AccountService {

    /** bcrypt cost: the policy promises bcrypt, the design asks for at least 12. */
    static final int BCRYPT_COST = 12;
    static final int MAX_NAME_CHARS = 200;
    static final int MAX_EMAIL_CHARS = 254;
    static final int MIN_PASSWORD_CHARS = 10;
    /** bcrypt reads at most 72 bytes of a password; longer ones are refused, never silently cut. */
    static final int MAX_PASSWORD_BYTES = 72;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    @Inject
    AccountRepository accounts;

    @Inject
    MasterKey masterKey;

    @Inject
    Clock clock;

    /** A new account with its first API key and webhook secret, returned in clear once. */
    public record CreatedAccount(AccountEntity account, String apiKey, String webhookSecret) {
    }

    /** The authenticated caller of a request. */
    public record Caller(String accountId, String apiKeyId) {
    }

    public CreatedAccount create(String name, String email, String password) {
        String cleanName = name == null ? "" : name.strip();
        String cleanEmail = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (cleanName.isEmpty() || cleanName.length() > MAX_NAME_CHARS) {
            throw ApiException.unprocessable(ErrorCodes.INVALID_REQUEST, "name is required, at most " + MAX_NAME_CHARS + " characters.");
        }
        if (cleanEmail.length() > MAX_EMAIL_CHARS || !EMAIL.matcher(cleanEmail).matches()) {
            throw ApiException.unprocessable(ErrorCodes.INVALID_REQUEST, "email must be a valid email address.");
        }
        if (password == null || password.length() < MIN_PASSWORD_CHARS
                || password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw ApiException.unprocessable(ErrorCodes.INVALID_REQUEST,
                    "password must have at least " + MIN_PASSWORD_CHARS + " characters and at most " + MAX_PASSWORD_BYTES + " bytes.");
        }
        Instant now = clock.instant();
        String apiKey = ApiKeys.newKey();
        String webhookSecret = WebhookSigner.newSecret();

        AccountEntity account = new AccountEntity();
        account.id = Ids.newId(Ids.ACCOUNT, now);
        account.name = cleanName;
        account.email = cleanEmail;
        account.passwordHash = BCrypt.withDefaults().hashToString(BCRYPT_COST, password.toCharArray());
        account.masterKeyId = masterKey.id();
        account.webhookSecretWrapped = masterKey.wrap(webhookSecret.getBytes(StandardCharsets.UTF_8), secretContext(account.id));
        account.apiKeys.add(new ApiKeyEntry(Ids.newId(Ids.API_KEY, now), ApiKeys.displayPrefix(apiKey), ApiKeys.hash(apiKey), now));
        account.createdAt = now;
        try {
            accounts.persist(account);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                throw new ApiException(Response.Status.CONFLICT, ErrorCodes.EMAIL_TAKEN, "An account with this email already exists.");
            }
            throw e;
        }
        return new CreatedAccount(account, apiKey, webhookSecret);
    }

    /** The caller owning this API key, if it is a live key. */
    public Optional<Caller> authenticate(String apiKey) {
        if (!ApiKeys.looksLikeKey(apiKey)) {
            return Optional.empty();
        }
        String hash = ApiKeys.hash(apiKey);
        return accounts.findByApiKeyHash(hash).flatMap(account -> account.apiKeys.stream()
                .filter(key -> key.hash.equals(hash))
                .findFirst()
                .map(key -> new Caller(account.id, key.id)));
    }

    /** The account's webhook signing secret, unwrapped for signing. */
    public Optional<String> webhookSecret(String accountId) {
        return accounts.findByIdOptional(accountId).map(this::unwrapWebhookSecret);
    }

    private String unwrapWebhookSecret(AccountEntity account) {
        try {
            return new String(masterKey.unwrap(account.webhookSecretWrapped, secretContext(account.id)), StandardCharsets.UTF_8);
        } catch (DecryptionException e) {
            throw new IllegalStateException("the webhook secret of " + account.id + " does not unwrap with master key "
                    + masterKey.id() + " (stored under " + account.masterKeyId + ")", e);
        }
    }

    private static byte[] secretContext(String accountId) {
        return ("webhook-secret:" + accountId).getBytes(StandardCharsets.UTF_8);
    }
}
