package ai.induo.gateway.rest;

import ai.induo.gateway.account.AccountEntity;
import com.fasterxml.jackson.annotation.JsonProperty;
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
        @Schema(required = true, description = "When the account was made.")
        @JsonProperty("created_at") Instant createdAt,
        @Schema(required = true, nullable = true, description = "The privacy policy version the owner accepted at sign-up "
                + "or was last told about by email; null for accounts made before versions were recorded.")
        @JsonProperty("policy_version") String policyVersion) {

    static AccountView of(AccountEntity account) {
        return new AccountView(account.id, "account", account.name, account.email, account.createdAt,
                account.policyVersion);
    }
}
