package ai.induo.gateway.account;

import ai.induo.common.id.Ids;
import ai.induo.gateway.policy.PolicyConfig;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import ai.induo.gateway.webhook.SigningSecrets;
import ai.induo.gateway.webhook.SigningSecrets.Issued;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sign-up, the account's own view and corrections, password checks for sign-in, the account's webhook
 * secrets (issued at sign-up, rotated with an overlap as endpoint secrets are: {@link SigningSecrets}).
 */
@ApplicationScoped
public class AccountService {

    /** The longest account name, in characters. */
    public static final int MAX_NAME_CHARS = 200;
    /** The longest email address, in characters. */
    public static final int MAX_EMAIL_CHARS = 254;
    /** The shortest output retention an account may choose, in hours. */
    public static final int MIN_OUTPUT_RETENTION_HOURS = 1;
    /** The longest output retention an account may choose, in hours (30 days). */
    public static final int MAX_OUTPUT_RETENTION_HOURS = 720;
    /** Name of the API key every account gets at sign-up. */
    static final String FIRST_KEY_NAME = "default";
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    @Inject
    AccountRepository accounts;

    @Inject
    ApiKeyService apiKeys;

    @Inject
    SigningSecrets signingSecrets;

    @Inject
    PolicyConfig policy;

    @Inject
    Clock clock;

    /** A new account with its first API key and webhook secret, returned in clear once. */
    public record CreatedAccount(AccountEntity account, String apiKey, String webhookSecret) {
    }

    /** A new webhook secret in clear, returned once, and until when the one it replaces keeps signing. */
    public record RotatedSecret(String secret, Instant previousExpiresAt) {
    }

    /**
     * A new account and its first API key, which holds every scope; the owner accepts the privacy
     * policy published now ({@code induo.privacy.policy-version}). The account is stored first: if
     * the key cannot be stored after it, the owner can still sign in and make one.
     */
    public CreatedAccount create(String name, String email, String password) {
        String cleanName = validName(name);
        String cleanEmail = validEmail(email);
        if (!Passwords.acceptable(password)) {
            throw ApiException.unprocessable(ErrorCodes.INVALID_REQUEST, "password must have at least "
                    + Passwords.MIN_CHARS + " characters and at most " + Passwords.MAX_BYTES + " bytes.");
        }
        Instant now = clock.instant();
        AccountEntity account = new AccountEntity();
        account.id = Ids.newId(Ids.ACCOUNT, now);
        account.name = cleanName;
        account.email = cleanEmail;
        account.passwordHash = Passwords.hash(password);
        Issued webhookSecret = signingSecrets.issue(secretContext(account.id), now);
        account.webhookSecrets = webhookSecret.secrets();
        account.createdAt = now;
        account.policyVersion = policy.policyVersion();
        account.policyVersionAt = now;
        try {
            accounts.persist(account);
        } catch (MongoWriteException e) {
            throw emailTakenOr(e);
        }
        String apiKey = apiKeys.create(account.id, FIRST_KEY_NAME, Scope.ALL).key();
        return new CreatedAccount(account, apiKey, webhookSecret.secret());
    }

    /** The account; {@code 404} when it no longer exists. */
    public AccountEntity get(String accountId) {
        return accounts.findByIdOptional(accountId).orElseThrow(AccountService::noSuchAccount);
    }

    /**
     * Corrects the name and the email, checked as at sign-up, and the settings; a field left out (null)
     * stays as it is. An email another account holds is {@code 409 email_taken}; an output retention
     * outside {@value #MIN_OUTPUT_RETENTION_HOURS}–{@value #MAX_OUTPUT_RETENTION_HOURS} hours is {@code 422}.
     */
    public AccountEntity update(String accountId, AccountChanges changes) {
        Integer hours = changes.outputRetentionHours();
        if (hours != null && (hours < MIN_OUTPUT_RETENTION_HOURS || hours > MAX_OUTPUT_RETENTION_HOURS)) {
            throw ApiException.unprocessable(ErrorCodes.INVALID_REQUEST, "output_retention_hours must be between "
                    + MIN_OUTPUT_RETENTION_HOURS + " and " + MAX_OUTPUT_RETENTION_HOURS + ", or null for the platform default.");
        }
        AccountChanges clean = new AccountChanges(
                changes.name() == null ? null : validName(changes.name()),
                changes.email() == null ? null : validEmail(changes.email()),
                changes.trainingOptOut(), changes.setsOutputRetention(), hours);
        boolean found;
        try {
            found = accounts.update(accountId, clean);
        } catch (MongoWriteException e) {
            throw emailTakenOr(e);
        }
        if (!found) {
            throw noSuchAccount();
        }
        return get(accountId);
    }

    /**
     * The account with this email, if {@code password} is its password. An unknown email costs the
     * same bcrypt verification as a wrong password, so neither the answer nor its time tells whether
     * an account exists.
     */
    public Optional<AccountEntity> verifyPassword(String email, String password) {
        Optional<AccountEntity> account = accounts.findByEmail(normalizeEmail(email));
        return isPasswordOf(account, password) ? account : Optional.empty();
    }

    /** Whether {@code password} is the account's password; a missing account costs the same check and is false. */
    public boolean hasPassword(String accountId, String password) {
        return isPasswordOf(accounts.findByIdOptional(accountId), password);
    }

    private static boolean isPasswordOf(Optional<AccountEntity> account, String password) {
        return Passwords.verify(password, account.map(found -> found.passwordHash).orElse(null));
    }

    /** An email as it is stored and compared: trimmed and lower-cased. */
    public static String normalizeEmail(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The secrets, in clear, that sign the account's webhooks now: the current one and one rotated out
     * less than the overlap ago. Empty when the account no longer exists.
     */
    public Optional<List<String>> webhookSecrets(String accountId) {
        Instant now = clock.instant();
        return accounts.findByIdOptional(accountId)
                .map(account -> signingSecrets.signing(account.webhookSecrets, secretContext(accountId), now));
    }

    /**
     * A new webhook secret for the account; the current one keeps signing next to it until the
     * overlap ends. {@code 404} when the account no longer exists.
     */
    public RotatedSecret rotateWebhookSecret(String accountId) {
        Instant now = clock.instant();
        Issued rotated = signingSecrets.rotate(get(accountId).webhookSecrets, secretContext(accountId), now);
        if (!accounts.updateWebhookSecrets(accountId, rotated.secrets())) {
            throw noSuchAccount();
        }
        return new RotatedSecret(rotated.secret(), SigningSecrets.previousExpiresAt(rotated.secrets()).orElseThrow());
    }

    private static String validName(String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > MAX_NAME_CHARS) {
            throw ApiException.unprocessable(ErrorCodes.INVALID_REQUEST, "name is required, at most " + MAX_NAME_CHARS + " characters.");
        }
        return clean;
    }

    private static String validEmail(String email) {
        String clean = normalizeEmail(email);
        if (clean.length() > MAX_EMAIL_CHARS || !EMAIL.matcher(clean).matches()) {
            throw ApiException.unprocessable(ErrorCodes.INVALID_REQUEST, "email must be a valid email address.");
        }
        return clean;
    }

    private static ApiException noSuchAccount() {
        return ApiException.notFound("No such account.");
    }

    private static RuntimeException emailTakenOr(MongoWriteException e) {
        if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
            return new ApiException(Response.Status.CONFLICT, ErrorCodes.EMAIL_TAKEN, "An account with this email already exists.");
        }
        return e;
    }

    /** What the account's webhook secrets are wrapped under. */
    public static String secretContext(String accountId) {
        return "webhook-secret:" + accountId;
    }
}
