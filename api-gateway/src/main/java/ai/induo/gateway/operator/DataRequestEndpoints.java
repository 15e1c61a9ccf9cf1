package ai.induo.gateway.operator;

import ai.induo.gateway.account.AccountEntity;
import ai.induo.gateway.account.AccountRepository;
import ai.induo.gateway.privacy.erasure.AccountErasure;
import ai.induo.gateway.privacy.erasure.ErasureReceipt;
import ai.induo.gateway.privacy.export.AccountExport;
import ai.induo.gateway.problem.ApiException;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;

/**
 * Data-subject requests sent to support@ (policy §6), answered by support with the customer's own
 * export and erasure: by account id ({@code /accounts/{id}/export}, {@code /accounts/{id}/erasure}) or
 * by the email the request came from ({@code /accounts/export?email=}, {@code /accounts/erasure?email=}).
 */
@ApplicationScoped
public class DataRequestEndpoints implements OperatorEndpoints {

    static final String ZIP = "application/zip";

    @Inject
    AccountRepository accounts;

    @Inject
    AccountEndpoints byEmail;

    @Inject
    AccountExport export;

    @Inject
    AccountErasure erasure;

    /** An erasure receipt as the operator API shows it. */
    public record ReceiptView(@JsonProperty("id") String id, @JsonProperty("status") String status,
            @JsonProperty("requested_at") Instant requestedAt, @JsonProperty("finished_at") Instant finishedAt,
            @JsonProperty("counts") Map<String, Long> counts) {

        static ReceiptView of(ErasureReceipt receipt) {
            return new ReceiptView(receipt.id(), receipt.status().wireName(), receipt.requestedAt(),
                    receipt.finishedAt().orElse(null), receipt.counts());
        }
    }

    @Override
    public void register(OperatorRoutes routes) {
        routes.get("/accounts/export", Role.SUPPORT, "account.export", exchange -> export(exchange, byEmail.byEmail(exchange)));
        routes.post("/accounts/export", Role.SUPPORT, "account.export", exchange -> export(exchange, byEmail.byEmail(exchange)));
        routes.get("/accounts/{id}/export", Role.SUPPORT, "account.export", exchange -> export(exchange, byId(exchange)));
        routes.post("/accounts/{id}/export", Role.SUPPORT, "account.export", exchange -> export(exchange, byId(exchange)));
        routes.post("/accounts/erasure", Role.SUPPORT, "account.erase", exchange -> erase(exchange, byEmail.byEmail(exchange)));
        routes.post("/accounts/{id}/erasure", Role.SUPPORT, "account.erase", exchange -> erase(exchange, byId(exchange)));
        routes.get("/erasures/{id}", Role.SUPPORT, "erasure.read", this::receipt);
    }

    private OperatorReply export(OperatorExchange exchange, AccountEntity account) {
        boolean includeImages = exchange.booleanParam("include_images", false);
        exchange.detail(includeImages ? "with images" : "without images");
        return OperatorReply.stream(ZIP, "induo-export-" + account.id + ".zip",
                out -> export.write(account.id, includeImages, out));
    }

    private OperatorReply erase(OperatorExchange exchange, AccountEntity account) {
        ErasureReceipt receipt = erasure.request(account.id);
        exchange.detail(receipt.id());
        return OperatorReply.accepted(ReceiptView.of(receipt));
    }

    private OperatorReply receipt(OperatorExchange exchange) {
        String id = exchange.pathParam("id");
        exchange.detail(id);
        return erasure.receipt(id).map(ReceiptView::of).map(OperatorReply::ok)
                .orElseThrow(() -> ApiException.notFound("No such erasure."));
    }

    private AccountEntity byId(OperatorExchange exchange) {
        String id = exchange.pathParam("id");
        exchange.concernsAccount(id);
        return accounts.findByIdOptional(id).orElseThrow(() -> ApiException.notFound("No such account."));
    }
}
