package ai.induo.gateway.idempotency;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method that creates something as honouring {@code Idempotency-Key}: a retry with
 * the same key and the same request gets the first response back instead of creating again
 * ({@link IdempotencyFilter}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Idempotent {

    /**
     * The JSON body field that holds the password of the account the request creates, if the body has
     * one. It is left out of the request's digest, which must never let anyone test passwords; a
     * replay needs the account's password instead.
     */
    String password() default "";
}
