package ai.induo.gateway.limit;

import ai.induo.gateway.account.AccountEntity;
import ai.induo.gateway.account.AccountRepository;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.config.GatewayConfig.Plan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The limits that apply to an account: those of its plan, or of the default plan when its plan is not configured. */
@ApplicationScoped
public class Plans {

    @Inject
    GatewayConfig config;

    @Inject
    AccountRepository accounts;

    /** The account's limits, read from its stored plan; an account that no longer exists gets the default plan's. */
    public Plan forAccount(String accountId) {
        String plan = accounts.findByIdOptional(accountId).map(account -> account.plan).orElse(AccountEntity.DEFAULT_PLAN);
        return named(plan);
    }

    /** The limits of the plan with this name; an unconfigured name gets the default plan's. */
    public Plan named(String plan) {
        return config.plans().containsKey(plan) ? config.plans().get(plan) : config.plans().get(AccountEntity.DEFAULT_PLAN);
    }
}
