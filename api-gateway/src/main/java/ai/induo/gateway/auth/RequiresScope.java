package ai.induo.gateway.auth;

import ai.induo.gateway.account.Scope;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Resource methods (or classes) that need a caller holding this scope; one without it gets
 * {@code 403 insufficient_scope}. Implies {@link Authenticated}. A method's annotation overrides its
 * class's.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresScope {

    Scope value();
}
