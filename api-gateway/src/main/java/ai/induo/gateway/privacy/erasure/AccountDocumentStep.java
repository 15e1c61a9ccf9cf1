package ai.induo.gateway.privacy.erasure;

import ai.induo.gateway.account.AccountRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** The last step: deletes the account document, which frees its email for a new sign-up. */
@ApplicationScoped
public class AccountDocumentStep implements ErasureStep {

    @Inject
    AccountRepository accounts;

    @Override
    public String name() {
        return "account";
    }

    @Override
    public int order() {
        return 1000;
    }

    @Override
    public Map<String, Long> erase(ErasureSubject subject) {
        return Map.of("accounts", accounts.deleteById(subject.accountId()) ? 1L : 0L);
    }
}
