package ai.induo.gateway.operator;

import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/** {@code GET /operator/v1/audit} (admin): the audit log, newest first, and whether its chain is intact. */
@ApplicationScoped
public class AuditEndpoints implements OperatorEndpoints {

    @Inject
    OperatorAudit audit;

    @Inject
    OperatorConfig config;

    /** One entry as the operator API shows it. */
    public record EntryView(@JsonProperty("seq") long seq, @JsonProperty("at") Instant at,
            @JsonProperty("operator_id") String operatorId, @JsonProperty("operator_name") String operatorName,
            @JsonProperty("action") String action, @JsonProperty("account_digest") String accountDigest,
            @JsonProperty("email_digest") String emailDigest, @JsonProperty("outcome") String outcome,
            @JsonProperty("detail") String detail, @JsonProperty("hash") String hash) {

        static EntryView of(AuditEntry entry) {
            return new EntryView(entry.seq(), entry.at(), entry.operatorId(), entry.operatorName(), entry.action(),
                    entry.accountDigest(), entry.emailDigest(), entry.outcome(), entry.detail(), entry.hash());
        }
    }

    /** A page of the log with the check of the whole chain. */
    public record AuditView(@JsonProperty("chain_intact") boolean chainIntact, @JsonProperty("entries_checked") long checked,
            @JsonProperty("first_broken_seq") Long firstBrokenSeq, @JsonProperty("head_hash") String headHash,
            @JsonProperty("data") List<EntryView> data, @JsonProperty("next_before") Long nextBefore) {
    }

    @Override
    public void register(OperatorRoutes routes) {
        routes.get("/audit", Role.ADMIN, "audit.read", this::list);
    }

    private OperatorReply list(OperatorExchange exchange) {
        int limit = exchange.queryParam("limit").map(value -> number("limit", value)).orElse(100L).intValue();
        if (limit < 1 || limit > config.maxAuditPage()) {
            throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST, "limit must be 1 to " + config.maxAuditPage() + ".");
        }
        Long before = exchange.queryParam("before").map(value -> number("before", value)).orElse(null);
        String accountId = exchange.queryParam("account_id").orElse(null);
        List<EntryView> page = audit.page(before, accountId, limit).stream().map(EntryView::of).toList();
        OperatorAudit.ChainCheck check = audit.verify();
        Long next = page.size() == limit ? page.get(page.size() - 1).seq() : null;
        return OperatorReply.ok(new AuditView(check.intact(), check.entries(), check.firstBrokenSeq(), check.headHash(), page, next));
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST, name + " must be a whole number.");
        }
    }
}
