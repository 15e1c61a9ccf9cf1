package ai.induo.gateway.problem;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;

/** Ends a request with a problem document; thrown by services, mapped by {@link ProblemMappers}. */
public class ApiException extends RuntimeException {

    private final Problem problem;
    private final Map<String, String> headers;

    public ApiException(Response.Status status, String code, String detail) {
        this(Problem.of(status, code, detail), Map.of());
    }

    public ApiException(int status, String title, String code, String detail) {
        this(Problem.of(status, title, code, detail), Map.of());
    }

    private ApiException(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public Problem problem() {
        return problem;
    }

    /** The problem as a response, with the headers that go with it (such as {@code Retry-After}). */
    public Response toResponse() {
        Response.ResponseBuilder response = Response.fromResponse(problem.toResponse());
        headers.forEach(response::header);
        return response.build();
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(Response.Status.UNAUTHORIZED, ErrorCodes.UNAUTHORIZED, detail);
    }

    public static ApiException forbidden(String code, String detail) {
        return new ApiException(Response.Status.FORBIDDEN, code, detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(Response.Status.NOT_FOUND, ErrorCodes.NOT_FOUND, detail);
    }

    public static ApiException badRequest(String code, String detail) {
        return new ApiException(Response.Status.BAD_REQUEST, code, detail);
    }

    public static ApiException payloadTooLarge(String detail) {
        return new ApiException(413, "Content Too Large", ErrorCodes.PAYLOAD_TOO_LARGE, detail);
    }

    public static ApiException unprocessable(String code, String detail) {
        return new ApiException(422, "Unprocessable Content", code, detail);
    }

    /** {@code 429} with {@code Retry-After} in whole seconds, rounded up, at least one. */
    public static ApiException tooManyRequests(String code, String detail, Duration retryAfter) {
        return new ApiException(Problem.of(Response.Status.TOO_MANY_REQUESTS, code, detail), retryAfter(retryAfter));
    }

    /** {@code 503 service_unavailable} with {@code Retry-After} in whole seconds, rounded up, at least one. */
    public static ApiException serviceUnavailable(String detail, Duration retryAfter) {
        return new ApiException(Problem.of(Response.Status.SERVICE_UNAVAILABLE, ErrorCodes.SERVICE_UNAVAILABLE, detail),
                retryAfter(retryAfter));
    }

    /** {@code 409} with {@code Retry-After} in whole seconds, rounded up, at least one. */
    public static ApiException conflict(String code, String detail, Duration retryAfter) {
        return new ApiException(Problem.of(Response.Status.CONFLICT, code, detail), retryAfter(retryAfter));
    }

    private static Map<String, String> retryAfter(Duration retryAfter) {
        long seconds = Math.max(1, retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0));
        return Map.of(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    }
}
