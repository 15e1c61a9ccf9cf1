package ai.induo.gateway.safety;

import ai.induo.common.safety.SafetyCases;
import ai.induo.gateway.operator.OperatorEndpoints;
import ai.induo.gateway.operator.OperatorExchange;
import ai.induo.gateway.operator.OperatorReply;
import ai.induo.gateway.operator.OperatorRoutes;
import ai.induo.gateway.operator.Role;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * The safety role's operator routes (privacy policy §2.3): flag a job, list, view and resolve
 * cases, and the report. Each is audited; the audit entry names the account only where the route
 * shows or makes the link to it (flag, view of an open case).
 */
@ApplicationScoped
public class SafetyCaseEndpoints implements OperatorEndpoints {

    private static final int DEFAULT_PAGE = 50;

    private final SafetyCaseService safety;
    private final SafetyCases cases;

    SafetyCaseEndpoints(SafetyCaseService safety, SafetyCases cases) {
        this.safety = safety;
        this.cases = cases;
    }

    /** {@code POST /jobs/{job_id}/safety-flag} body. */
    public record FlagRequest(@JsonProperty("category") String category) {
    }

    /** {@code POST /safety/cases/{id}/resolve} body. */
    public record ResolveRequest(@JsonProperty("outcome") String outcome) {
    }

    /** A page of cases; {@code next_after} is the {@code after} of the next page, null on the last. */
    public record CaseList(@JsonProperty("data") List<SafetyCaseView> data, @JsonProperty("next_after") String nextAfter) {
    }

    /** Case counts by category, then outcome. */
    public record Report(@JsonProperty("counts") Map<String, Map<String, Long>> counts) {
    }

    @Override
    public void register(OperatorRoutes routes) {
        routes.post("/jobs/{job_id}/safety-flag", Role.SAFETY, "safety.case.flag", this::flag);
        routes.get("/safety/cases", Role.SAFETY, "safety.case.list", this::list);
        routes.get("/safety/cases/{id}", Role.SAFETY, "safety.case.view", this::view);
        routes.post("/safety/cases/{id}/resolve", Role.SAFETY, "safety.case.resolve", this::resolve);
        routes.get("/safety/report", Role.SAFETY, "safety.report", this::report);
    }

    private OperatorReply flag(OperatorExchange exchange) {
        FlagRequest request = exchange.body(FlagRequest.class);
        SafetyCaseView opened = safety.flag(exchange.pathParam("job_id"), request.category());
        cases.link(opened.id()).ifPresent(link -> exchange.concernsAccount(link.accountId()));
        exchange.detail(opened.id());
        return OperatorReply.ok(opened);
    }

    private OperatorReply list(OperatorExchange exchange) {
        int limit = exchange.queryParam("limit").map(SafetyCaseEndpoints::limit).orElse(DEFAULT_PAGE);
        List<SafetyCaseView> page = safety.list(exchange.queryParam("outcome").orElse(null),
                exchange.queryParam("after").orElse(null), limit);
        String next = page.size() == limit ? page.get(page.size() - 1).id() : null;
        return OperatorReply.ok(new CaseList(page, next));
    }

    private OperatorReply view(OperatorExchange exchange) {
        SafetyCaseView viewed = safety.view(exchange.pathParam("id"));
        if (viewed.link() != null) {
            exchange.concernsAccount(viewed.link().accountId());
        }
        exchange.detail(viewed.id());
        return OperatorReply.ok(viewed);
    }

    private OperatorReply resolve(OperatorExchange exchange) {
        ResolveRequest request = exchange.body(ResolveRequest.class);
        SafetyCaseView resolved = safety.resolve(exchange.pathParam("id"), request.outcome());
        exchange.detail(resolved.id() + " " + resolved.outcome());
        return OperatorReply.ok(resolved);
    }

    private OperatorReply report(OperatorExchange exchange) {
        return OperatorReply.ok(new Report(safety.report()));
    }

    private static int limit(String value) {
        int limit = value.matches("[0-9]{1,3}") ? Integer.parseInt(value) : 0;
        if (limit < 1 || limit > SafetyCaseService.MAX_PAGE) {
            throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST, "limit must be 1 to " + SafetyCaseService.MAX_PAGE + ".");
        }
        return limit;
    }
}
