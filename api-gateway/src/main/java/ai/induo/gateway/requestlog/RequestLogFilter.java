package ai.induo.gateway.requestlog;

import ai.induo.gateway.account.Caller;
import ai.induo.gateway.auth.CurrentCaller;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.lang.reflect.Method;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Notes on the request, for {@link RequestLogRecorder}, the caller (when authenticated) and the
 * matched route template: the resource class's {@code @Path} joined with the method's, such as
 * {@code /v1/jobs/{id}}, never the raw path with its ids.
 */
public class RequestLogFilter {

    @Inject
    CurrentCaller currentCaller;

    @Inject
    CurrentVertxRequest vertxRequest;

    @ServerResponseFilter
    public void note(ContainerRequestContext request, SimpleResourceInfo resource) {
        RoutingContext context = vertxRequest.getCurrent();
        if (currentCaller.isAuthenticated()) {
            Caller caller = currentCaller.get();
            context.put(RequestLogRecorder.ACCOUNT_ID, caller.accountId());
            if (caller.apiKeyId() != null) {
                context.put(RequestLogRecorder.API_KEY_ID, caller.apiKeyId());
            }
        }
        if (resource != null && resource.getResourceClass() != null) {
            context.put(RequestLogRecorder.ROUTE, template(resource));
        }
    }

    private static String template(SimpleResourceInfo resource) {
        Class<?> resourceClass = resource.getResourceClass();
        Path onClass = resourceClass.getAnnotation(Path.class);
        Path onMethod;
        try {
            Method method = resourceClass.getMethod(resource.getMethodName(), resource.parameterTypes());
            onMethod = method.getAnnotation(Path.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("resource method " + resource.getMethodName() + " not found on " + resourceClass.getName(), e);
        }
        return join(onClass == null ? "" : onClass.value(), onMethod == null ? "" : onMethod.value());
    }

    /** Joins two {@code @Path} values with exactly one slash between and none at the end. */
    public static String join(String classPath, String methodPath) {
        String joined = "/" + strip(classPath) + (methodPath.isEmpty() ? "" : "/" + strip(methodPath));
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    private static String strip(String path) {
        int start = path.startsWith("/") ? 1 : 0;
        int end = path.endsWith("/") && path.length() > start ? path.length() - 1 : path.length();
        return path.substring(start, end);
    }
}
