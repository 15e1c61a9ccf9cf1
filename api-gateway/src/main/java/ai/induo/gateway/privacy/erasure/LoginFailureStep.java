package ai.induo.gateway.privacy.erasure;

import ai.induo.gateway.session.LoginThrottle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * Forgets the failed sign-ins counted against the account's email. They are keyed by a keyed digest
 * of the email, not by the account, so this step needs the account document, which is still there.
 */
@ApplicationScoped
public class LoginFailureStep implements ErasureStep {

    @Inject
    LoginThrottle throttle;

    @Override
    public String name() {
        return "login-failures";
    }

    @Override
    public int order() {
        return 400;
    }

    @Override
    public Map<String, Long> erase(ErasureSubject subject) {
        return Map.of("login_failures", subject.account().map(account -> throttle.forget(account.email)).orElse(0L));
    }
}
