package ai.induo.gateway.auth;

import ai.induo.gateway.account.AccountService;
import ai.induo.gateway.problem.ApiException;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.lang.reflect.Method;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Authenticates {@code Authorization: Bearer sk_…} on {@link Authenticated} resources. A missing,
 * malformed, unknown or revoked key all answer the same {@code 401}.
 */
public class ApiKeyFilter {

    private static final String BEARER = "Bearer ";

    @Inject
    AccountService accounts;

    @Inject
    CurrentCaller currentCaller;

    @ServerRequestFilter
    public void authenticate(ContainerRequestContext request, SimpleResourceInfo resource) {
        if (resource == null || !requiresKey(resource)) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ApiException.unauthorized("Send your API key as Authorization: Bearer <key>.");
        }
        String key = header.substring(BEARER.length()).strip();
        currentCaller.set(accounts.authenticate(key)
                .orElseThrow(() -> ApiException.unauthorized("The API key is not valid.")));
    }

    private static boolean requiresKey(SimpleResourceInfo resource) {
        Class<?> type = resource.getResourceClass();
        if (type.isAnnotationPresent(Authenticated.class)) {
            return true;
        }
        for (Method method : type.getMethods()) {
            if (method.getName().equals(resource.getMethodName()) && method.isAnnotationPresent(Authenticated.class)) {
                return true;
            }
        }
        return false;
    }
}
