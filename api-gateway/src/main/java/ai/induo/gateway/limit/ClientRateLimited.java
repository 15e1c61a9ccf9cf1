package ai.induo.gateway.limit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method that needs no authentication (sign-up, sign-in) as limited per client
 * address ({@code induo.gateway.unauthenticated-rate.*}), the way {@link RateLimitFilter} limits
 * authenticated requests per API key.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ClientRateLimited {
}
