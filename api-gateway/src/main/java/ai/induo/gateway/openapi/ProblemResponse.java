package ai.induo.gateway.openapi;

import ai.induo.gateway.problem.ErrorCodes;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An error answer a resource method gives itself, for the OpenAPI document: the HTTP status, the
 * stable {@code code} of its problem document (a constant of {@link ErrorCodes}) and when it is given.
 * Repeat it once per status and code. {@link ApiDocumentFilter} gathers these per status into one
 * {@code application/problem+json} response listing its codes in {@code x-error-codes}, together with
 * the answers every endpoint of its kind gives (authentication, scope, rate limit, idempotency, body
 * parsing, internal error), which are therefore never declared here.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(ProblemResponses.class)
public @interface ProblemResponse {

    /** The HTTP status, 400 to 599. */
    int status();

    /** The problem's {@code code}, one of {@link ErrorCodes}. */
    String code();

    /** When the endpoint gives it, as a short phrase such as {@code "the job has already ended"}. */
    String when();
}
