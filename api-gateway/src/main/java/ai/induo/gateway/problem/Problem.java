package ai.induo.gateway.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
@Schema(description = "An RFC 9457 problem document with Induo's stable machine `code`.")
public record Problem(
        @Schema(required = true, format = "uri", description = "A URI naming the problem type: "
                + "`https://docs.induo.ai/errors/<code>`.")
        @JsonProperty("type") String type,
        @Schema(required = true, description = "A short summary of the problem type: the HTTP status's reason phrase.")
        @JsonProperty("title") String title,
        @Schema(required = true, minimum = "400", maximum = "599", description = "The HTTP status.")
        @JsonProperty("status") int status,
        @Schema(required = true, description = "What went wrong in this request, for people.")
        @JsonProperty("detail") String detail,
        @Schema(required = true, description = "The stable machine code to switch on; each response lists the codes "
                + "it can carry in `x-error-codes`.")
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
