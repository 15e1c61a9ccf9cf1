package ai.induo.gateway.operator;

/** What an operator route does once its caller holds the route's role; runs on a worker thread, may block. */
@FunctionalInterface
public interface OperatorHandler {

    /**
     * The answer to the request. Throw {@link ai.induo.gateway.problem.ApiException} for a problem
     * answer; name the account the request concerned on the exchange so the audit entry names it.
     */
    OperatorReply handle(OperatorExchange exchange);
}
