package ai.induo.gateway.problem;

import jakarta.ws.rs.core.Response;

/** Ends a request with a problem document; thrown by services, mapped by {@link ProblemMappers}. */
public class ApiException extends RuntimeException {

    private final Problem problem;

    public ApiException(Response.Status status, String code, String detail) {
        this(Problem.of(status, code, detail));
    }

    public ApiException(int status, String title, String code, String detail) {
        this(Problem.of(status, title, code, detail));
    }

    private ApiException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(Response.Status.UNAUTHORIZED, ErrorCodes.UNAUTHORIZED, detail);
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
}
