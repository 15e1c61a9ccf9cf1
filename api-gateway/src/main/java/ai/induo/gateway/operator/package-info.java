/**
 * The operator API: routes for support, safety and admin staff on the management interface only
 * (port 9000, never the public port), under {@code /operator/v1}, authenticated by operator tokens
 * ({@code op_…}, made by the {@code operator-token} command, stored as their SHA-256) that carry roles
 * ({@link ai.induo.gateway.operator.Role}). Every request is appended to the append-only, hash-chained
 * {@link ai.induo.gateway.operator.OperatorAudit} log. docs/operations.md ("Operator access") is the guide.
 *
 * <h2>Adding a route</h2>
 * Implement {@link ai.induo.gateway.operator.OperatorEndpoints} in an {@code @ApplicationScoped} bean and
 * register each route with one call naming its role and the action it is audited under:
 * <pre>{@code
 * @ApplicationScoped
 * public class SafetyCaseEndpoints implements OperatorEndpoints {
 *     public void register(OperatorRoutes routes) {
 *         routes.get("/safety/cases/{id}", Role.SAFETY, "safety.case.view", this::view);
 *     }
 *     private OperatorReply view(OperatorExchange exchange) {
 *         SafetyCase found = cases.find(exchange.pathParam("id"))
 *                 .orElseThrow(() -> ApiException.notFound("No such case."));
 *         exchange.concernsAccount(found.accountId()); // the audit entry names the account
 *         return OperatorReply.ok(CaseView.of(found)); // a record with @JsonProperty fields
 *     }
 * }
 * }</pre>
 * The handler runs on a worker thread (blocking calls are fine) only for a caller with a live token
 * (else {@code 401 unauthorized}) holding the role (else {@code 403 insufficient_role}); an
 * {@link ai.induo.gateway.problem.ApiException} becomes its problem answer. The audit entry (who, the
 * action, the account, the outcome: {@code ok} or the error code) is appended before the answer goes out.
 * Bodies: {@link ai.induo.gateway.operator.OperatorExchange#body(Class)}; downloads:
 * {@link ai.induo.gateway.operator.OperatorReply#stream}.
 *
 * <h2>Auditing a command</h2>
 * A {@link ai.induo.gateway.command.GatewayCommand} records what it did itself:
 * {@code audit.record(OperatorAction.of(Operator.cli(), "training.export").withDetail("12 samples"))}.
 */
package ai.induo.gateway.operator;
