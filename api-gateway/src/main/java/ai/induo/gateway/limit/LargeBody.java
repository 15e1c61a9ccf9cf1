package ai.induo.gateway.limit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method whose request body may be as large as
 * {@code induo.gateway.uploads.max-body-bytes} (job submission, which carries images). Every other
 * request body is capped at {@link BodyLimit#MAX_SMALL_BODY_BYTES} before it is parsed.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface LargeBody {
}
