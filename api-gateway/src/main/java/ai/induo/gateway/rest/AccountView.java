package ai.induo.gateway.rest;

import ai.induo.gateway.account.AccountEntity;
import ai.induo.gateway.account.AccountService;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An account as the API shows it. */
@Schema(name = "Account", description = "An account.")
public record AccountView(
        @Schema(required = true, description = "The account's id, `acct_…`.")
        @JsonProperty("id") String id,
        @Schema(required = true, enumeration = "account")
        @JsonProperty("object") String object,
        @Schema(required = true, description = "The account holder's name.")
        @JsonProperty("name") String name,
        @Schema(required = true, format = "email", description = "The email address the owner signs in with.")
        @JsonProperty("email") String email,
        @Schema(required = true, description = "Whether the owner keeps the account's images out of every training "
                + "set (privacy policy §2.2); false unless set.")
        @JsonProperty("training_opt_out") boolean trainingOptOut,
        @Schema(required = true, minimum = "" + AccountService.MIN_OUTPUT_RETENTION_HOURS,
                description = "How many hours output images are kept after their job ends. An account that chose none "
                        + "shows the platform default (`induo.gateway.retention.outputs`, in whole hours rounded up).")
        @JsonProperty("output_retention_hours") long outputRetentionHours,
        @Schema(required = true, description = "When the account was made.")
        @JsonProperty("created_at") Instant createdAt,
        @Schema(required = true, nullable = true, description = "The privacy policy version the owner accepted at sign-up "
                + "or was last told about by email; null for accounts made before versions were recorded.")
        @JsonProperty("policy_version") String policyVersion) {

    /** The account; {@code defaultOutputRetention} is what an account that chose no output retention keeps. */
    public static AccountView of(AccountEntity account, Duration defaultOutputRetention) {
        long retentionHours = account.outputRetentionHours != null
                ? account.outputRetentionHours
                : defaultOutputRetention.plusHours(1).minusNanos(1).toHours();
        return new AccountView(account.id, "account", account.name, account.email, account.trainingOptOut,
                retentionHours, account.createdAt, account.policyVersion);
    }
}
