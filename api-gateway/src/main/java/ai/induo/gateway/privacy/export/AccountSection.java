package ai.induo.gateway.privacy.export;

import ai.induo.gateway.account.AccountEntity;
import ai.induo.gateway.account.AccountRepository;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.rest.AccountView;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** {@code account.json}: the profile and settings as {@code GET /v1/account} shows them, plan and accepted policy. */
@ApplicationScoped
public class AccountSection implements ExportSection {

    @Inject
    AccountRepository accounts;

    @Inject
    GatewayConfig config;

    /** The account file. */
    record ExportedAccount(
            @JsonProperty("account") AccountView account,
            @JsonProperty("plan") String plan,
            @JsonProperty("policy_version") String policyVersion,
            @JsonProperty("policy_version_at") Instant policyVersionAt) {
    }

    @Override
    public List<ExportFile> files() {
        return List.of(new ExportFile("account.json", "Your account: id, name, email, settings (training opt-out, "
                + "output retention), plan, the privacy policy version you accepted and when, and when the account was "
                + "made. The password is kept only as a one-way hash and is not included.", "§1.1 your information"));
    }

    @Override
    public void write(String accountId, boolean includeImages, ExportZip zip) throws IOException {
        AccountEntity account = accounts.findByIdOptional(accountId)
                .orElseThrow(() -> new IllegalStateException("account " + accountId + " does not exist"));
        zip.json("account.json", new ExportedAccount(AccountView.of(account, config.retention().outputs()), account.plan,
                account.policyVersion, account.policyVersionAt));
    }
}
