package ai.induo.gateway.operator;

import ai.induo.gateway.account.AccountEntity;
import ai.induo.gateway.account.AccountRepository;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Locale;

/** {@code GET /operator/v1/accounts?email=} (support): the account a data-subject request by email is about. */
@ApplicationScoped
public class AccountEndpoints implements OperatorEndpoints {

    @Inject
    AccountRepository accounts;

    /** An account as support sees it: enough to act on a request, nothing more. */
    public record AccountSummary(@JsonProperty("id") String id, @JsonProperty("name") String name,
            @JsonProperty("created_at") Instant createdAt) {
    }

    @Override
    public void register(OperatorRoutes routes) {
        routes.get("/accounts", Role.SUPPORT, "account.find", this::find);
    }

    private OperatorReply find(OperatorExchange exchange) {
        AccountEntity account = byEmail(exchange);
        return OperatorReply.ok(new AccountSummary(account.id, account.name, account.createdAt));
    }

    /**
     * The account whose email is the request's {@code email} parameter, named on the exchange for the
     * audit; {@code 400} without the parameter, {@code 404} (the email named, as a digest) when none has it.
     */
    AccountEntity byEmail(OperatorExchange exchange) {
        String email = exchange.queryParam("email").map(value -> value.strip().toLowerCase(Locale.ROOT))
                .filter(value -> !value.isEmpty())
                .orElseThrow(() -> ApiException.badRequest(ErrorCodes.INVALID_REQUEST, "Give the account's email: ?email=…"));
        AccountEntity account = accounts.findByEmail(email).orElse(null);
        if (account == null) {
            exchange.concernsEmail(email);
            throw ApiException.notFound("No account has this email.");
        }
        exchange.concernsAccount(account.id);
        return account;
    }
}
