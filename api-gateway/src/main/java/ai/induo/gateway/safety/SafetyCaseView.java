package ai.induo.gateway.safety;

import ai.induo.common.safety.SafetyCase;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A safety case as operators see it. {@code link} and {@code images} come only when one case is
 * shown; {@code link} is absent once the case is resolved (its account and job are forgotten).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SafetyCaseView(
        @JsonProperty("id") String id,
        @JsonProperty("object") String object,
        @JsonProperty("category") String category,
        @JsonProperty("source") String source,
        @JsonProperty("outcome") String outcome,
        @JsonProperty("created_on") String createdOn,
        @JsonProperty("resolved_on") String resolvedOn,
        @JsonProperty("link") Link link,
        @JsonProperty("images") List<Image> images) {

    /** Which account and job an open case came from. */
    public record Link(@JsonProperty("account_id") String accountId, @JsonProperty("job_id") String jobId) {
    }

    /** One anonymised copy, inline: a PNG as base64. */
    public record Image(@JsonProperty("name") String name, @JsonProperty("content_type") String contentType,
            @JsonProperty("data_base64") String dataBase64) {
    }

    /** The case alone, as lists show it. */
    static SafetyCaseView summary(SafetyCase safetyCase) {
        return detail(safetyCase, null, null);
    }

    static SafetyCaseView detail(SafetyCase safetyCase, Link link, List<Image> images) {
        return new SafetyCaseView(safetyCase.id(), "safety_case", safetyCase.category().wireName(),
                safetyCase.source().wireName(), safetyCase.outcome().wireName(), safetyCase.createdOn().toString(),
                safetyCase.resolvedOn() == null ? null : safetyCase.resolvedOn().toString(), link, images);
    }
}
