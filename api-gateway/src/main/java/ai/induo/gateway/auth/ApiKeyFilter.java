package ai.induo.gateway.auth;

import ai.induo.gateway.account.ApiKeyService;
import ai.induo.gateway.account.Caller;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import ai.induo.gateway.session.SessionService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.lang.annotation.Annotation;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Authenticates {@code Authorization: Bearer <token>} on {@link Authenticated} and
 * {@link RequiresScope} resources: an API key ({@code sk_…}) with its scopes, or a dashboard session
 * token ({@code sess_…}) with every scope. A missing, malformed, unknown, revoked or expired token
 * all answer the same {@code 401}; a caller without the resource's scope gets
 * {@code 403 insufficient_scope}.
 */
public class ApiKeyFilter {

    private static final String BEARER = "Bearer ";

    @Inject
    ApiKeyService apiKeys;

    @Inject
    SessionService sessions;

    @Inject
    CurrentCaller currentCaller;

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public void authenticate(ContainerRequestContext request, SimpleResourceInfo resource) {
        if (resource == null) {
            return;
        }
        Optional<RequiresScope> scope = annotation(resource, RequiresScope.class);
        if (scope.isEmpty() && annotation(resource, Authenticated.class).isEmpty()) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ApiException.unauthorized("Send your API key or session token as Authorization: Bearer <token>.");
        }
        String token = header.substring(BEARER.length()).strip();
        Caller caller = apiKeys.authenticate(token).or(() -> sessions.authenticate(token))
                .orElseThrow(() -> ApiException.unauthorized("The API key or session token is not valid."));
        currentCaller.set(caller);
        if (scope.isPresent() && !caller.has(scope.get().value())) {
            throw ApiException.forbidden(ErrorCodes.INSUFFICIENT_SCOPE,
                    "This API key lacks the scope " + scope.get().value().wireName() + " that this request needs.");
        }
    }

    /** The annotation on the resource method, else on its class. */
    private static <A extends Annotation> Optional<A> annotation(SimpleResourceInfo resource, Class<A> type) {
        Class<?> resourceClass = resource.getResourceClass();
        try {
            A onMethod = resourceClass.getMethod(resource.getMethodName(), resource.parameterTypes()).getAnnotation(type);
            if (onMethod != null) {
                return Optional.of(onMethod);
            }
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("resource method " + resource.getMethodName() + " not found on " + resourceClass.getName(), e);
        }
        return Optional.ofNullable(resourceClass.getAnnotation(type));
    }
}
