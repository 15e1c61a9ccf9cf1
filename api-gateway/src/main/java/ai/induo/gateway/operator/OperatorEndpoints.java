package ai.induo.gateway.operator;

/**
 * A group of operator routes. Implement it in an {@code @ApplicationScoped} bean; at start
 * {@link OperatorRoutes} calls {@link #register} once, on the management interface's router.
 */
public interface OperatorEndpoints {

    /** Registers the group's routes, e.g. {@code routes.get("/safety/cases", Role.SAFETY, "safety.case.list", this::list)}. */
    void register(OperatorRoutes routes);
}
