package ai.induo.gateway.safety;

import ai.induo.common.safety.SafetyCases;
import ai.induo.gateway.privacy.erasure.ErasureStep;
import ai.induo.gateway.privacy.erasure.ErasureSubject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Erasing an account forgets which safety cases came from it: the links go, the anonymised cases
 * stay (they hold nothing of the account), so the safety report keeps counting them.
 */
@ApplicationScoped
public class SafetyLinkErasureStep implements ErasureStep {

    private final SafetyCases cases;

    SafetyLinkErasureStep(SafetyCases cases) {
        this.cases = cases;
    }

    @Override
    public String name() {
        return "safety-case-links";
    }

    @Override
    public int order() {
        return 500;
    }

    @Override
    public Map<String, Long> erase(ErasureSubject subject) {
        return Map.of("safety_case_links", cases.forgetAccount(subject.accountId()));
    }
}
