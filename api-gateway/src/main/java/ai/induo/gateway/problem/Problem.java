package ai.induo.gateway.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem document with Induo's stable machine {@code code}.
 *
 * @param type a URI naming the problem type ({@code https://docs.induo.ai/errors/<code>})
 * @param title short summary of the problem type
 * @param status the HTTP status
 * @param detail what went wrong in this request
 * @param code the stable machine code clients switch on
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        @JsonProperty("type") String type,
        @JsonProperty("title") String title,
        @JsonProperty("status") int status,
        @JsonProperty("detail") String detail,
        @JsonProperty("code") String code) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://docs.induo.ai/errors/";

    public static Problem of(Response.Status status, String code, String detail) {
        return of(status.getStatusCode(), status.getReasonPhrase(), code, detail);
    }

    public static Problem of(int status, String title, String code, String detail) {
        return new Problem(TYPE_BASE + code, title, status, detail, code);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
