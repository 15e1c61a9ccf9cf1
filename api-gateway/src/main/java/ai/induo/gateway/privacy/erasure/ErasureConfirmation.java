package ai.induo.gateway.privacy.erasure;

import ai.induo.gateway.account.AccountEntity;
import ai.induo.gateway.account.AccountService;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import ai.induo.gateway.session.LoginThrottle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The owner's re-authentication before an erasure: the account's password, checked with bcrypt and
 * counted like a sign-in ({@link LoginThrottle}) against the account's email and the client address,
 * so a stolen key or session cannot be used to guess the password.
 */
@ApplicationScoped
public class ErasureConfirmation {

    @Inject
    AccountService accounts;

    @Inject
    LoginThrottle throttle;

    /**
     * Returns when {@code password} is the account's password; {@code 403 invalid_credentials} when it
     * is not, {@code 429 too_many_attempts} while the email or the address is over the sign-in limit.
     */
    public void confirm(String accountId, String password, String clientAddress) {
        AccountEntity account = accounts.get(accountId);
        throttle.ensureAllowed(account.email, clientAddress);
        if (!accounts.hasPassword(accountId, password)) {
            throttle.recordFailure(account.email, clientAddress);
            throw ApiException.forbidden(ErrorCodes.INVALID_CREDENTIALS, "The password is not correct.");
        }
    }
}
