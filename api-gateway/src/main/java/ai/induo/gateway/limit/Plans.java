package ai.induo.gateway.limit;

import ai.induo.gateway.account.AccountEntity;
import ai.induo.gateway.account.AccountRepository;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.config.GatewayConfig.Plan;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * The limits that apply to an account: those of its plan, or of the default plan when its plan is not
 * configured. An account's plan is read from the database at most once per {@link #PLAN_REFRESH} in
 * this gateway (as a rate bucket reads its limits, {@link TokenBuckets#LIMITS_REFRESH}), not on every
 * request: a plan changed in the database applies within that time.
 */
@ApplicationScoped
public class Plans {

    /** How long this gateway keeps an account's plan name before reading it again. */
    static final Duration PLAN_REFRESH = TokenBuckets.LIMITS_REFRESH;

    @Inject
    GatewayConfig config;

    @Inject
    AccountRepository accounts;

    private Cache<String, String> planNames;

    @PostConstruct
    void init() {
        planNames = Caffeine.newBuilder()
                .maximumSize(RateLimiter.MAX_CALLER_BUCKETS)
                .expireAfterWrite(PLAN_REFRESH)
                .build();
    }

    /** The account's limits, from its stored plan; an account that no longer exists gets the default plan's. */
    public Plan forAccount(String accountId) {
        return named(planNames.get(accountId, id -> accounts.findByIdOptional(id).map(account -> account.plan)
                .orElse(AccountEntity.DEFAULT_PLAN)));
    }

    /** The limits of the plan with this name; an unconfigured name gets the default plan's. */
    public Plan named(String plan) {
        return config.plans().containsKey(plan) ? config.plans().get(plan) : config.plans().get(AccountEntity.DEFAULT_PLAN);
    }
}
