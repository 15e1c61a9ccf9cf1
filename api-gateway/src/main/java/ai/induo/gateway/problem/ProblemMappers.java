package ai.induo.gateway.problem;

import ai.induo.common.crypto.MasterKeyUnavailableException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.mongodb.MongoException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every error into an RFC 9457 problem document; nothing leaves as a bare 500 page. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** When to retry while the database is unreachable. */
    static final Duration DATABASE_RETRY_AFTER = Duration.ofSeconds(5);
    /** When to retry while the master key cannot be used. */
    static final Duration MASTER_KEY_RETRY_AFTER = Duration.ofSeconds(5);

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        return e.toResponse();
    }

    /**
     * JSON that does not parse, or is not of the expected shape: {@code 400 malformed_json}. JSON
     * whose values pass the parser's limits, such as a base64 image far over the byte limit in one
     * string, is too large rather than malformed, as an image over the limit is.
     */
    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            StreamReadConstraints limits = StreamReadConstraints.defaults();
            return ApiException.payloadTooLarge("A value in the JSON body is over the limits: strings of at most "
                    + limits.getMaxStringLength() + " characters, numbers of at most " + limits.getMaxNumberLength()
                    + " digits, at most " + limits.getMaxNestingDepth() + " levels of nesting.").toResponse();
        }
        return Problem.of(Response.Status.BAD_REQUEST, ErrorCodes.MALFORMED_JSON,
                "The request body is not valid JSON of the expected shape.").toResponse();
    }

    /** JSON of the wrong shape for a request record; without this, Quarkus' own mapper answers a bare 400. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return malformedJson(e);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        int status = e.getResponse().getStatus();
        return switch (status) {
            case 404 -> Problem.of(Response.Status.NOT_FOUND, ErrorCodes.NOT_FOUND, "No such resource.").toResponse();
            case 405 -> Problem.of(405, "Method Not Allowed", ErrorCodes.METHOD_NOT_ALLOWED,
                    "This method is not allowed on this resource.").toResponse();
            case 413 -> Problem.of(413, "Content Too Large", ErrorCodes.PAYLOAD_TOO_LARGE,
                    "The request body is too large.").toResponse();
            case 415 -> Problem.of(Response.Status.UNSUPPORTED_MEDIA_TYPE, ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
                    "Send multipart/form-data or application/json.").toResponse();
            case 400 -> Problem.of(Response.Status.BAD_REQUEST, ErrorCodes.INVALID_REQUEST,
                    "The request is not valid.").toResponse();
            default -> status >= 500 ? internal(e) : Problem.of(status,
                    Response.Status.fromStatusCode(status) == null ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase(),
                    ErrorCodes.INVALID_REQUEST, "The request could not be served.").toResponse();
        };
    }

    /**
     * The database cannot be reached (no server selected in time, connection lost): the request did
     * nothing that lasts, and can be retried once the database is back.
     */
    @ServerExceptionMapper({MongoTimeoutException.class, MongoSocketException.class})
    public Response databaseUnavailable(MongoException e) {
        LOG.warnf("the database is unreachable: %s", e.getMessage());
        return ApiException.serviceUnavailable("The service is briefly unavailable; retry after the time in Retry-After.",
                DATABASE_RETRY_AFTER).toResponse();
    }

    /**
     * The master key cannot be used right now (its Cloud KMS key is unreachable, too slow, or refuses
     * this gateway): the request can be retried once it is back.
     */
    @ServerExceptionMapper
    public Response masterKeyUnavailable(MasterKeyUnavailableException e) {
        LOG.warnf("the master key cannot be used: %s", e.getMessage());
        return ApiException.serviceUnavailable(
                "The service is briefly unavailable; retry after the time in Retry-After.", MASTER_KEY_RETRY_AFTER)
                .toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        return internal(e);
    }

    private static Response internal(Exception e) {
        LOG.error("unexpected error serving a request", e);
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, ErrorCodes.INTERNAL_ERROR,
                "Something went wrong on our side; the request can be retried.").toResponse();
    }
}
