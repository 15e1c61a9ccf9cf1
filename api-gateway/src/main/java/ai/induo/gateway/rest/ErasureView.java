package ai.induo.gateway.rest;

import ai.induo.gateway.privacy.erasure.ErasureReceipt;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The receipt of an account erasure, as the API shows it. */
@Schema(name = "Erasure", description = "The receipt of an account erasure. Keep its id: once the erasure is done, "
        + "the receipt is the only trace of the account, and operators find it by this id.")
public record ErasureView(
        @Schema(required = true, description = "The erasure's id, `era_…`.")
        @JsonProperty("id") String id,
        @Schema(required = true, enumeration = "erasure")
        @JsonProperty("object") String object,
        @Schema(required = true, description = "When the erasure was requested.")
        @JsonProperty("requested_at") Instant requestedAt,
        @Schema(required = true, enumeration = {"in_progress", "completed"},
                description = "`in_progress` until every record and object of the account is deleted.")
        @JsonProperty("status") String status) {

    static ErasureView of(ErasureReceipt receipt) {
        return new ErasureView(receipt.id(), "erasure", receipt.requestedAt(), receipt.status().wireName());
    }
}
