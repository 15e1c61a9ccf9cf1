package ai.induo.gateway.rest;

import ai.induo.gateway.account.AccountEntity;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** An account as the API shows it. */
public record AccountView(
        @JsonProperty("id") String id,
        @JsonProperty("object") String object,
        @JsonProperty("name") String name,
        @JsonProperty("email") String email,
        @JsonProperty("created_at") Instant createdAt) {

    static AccountView of(AccountEntity account) {
        return new AccountView(account.id, "account", account.name, account.email, account.createdAt);
    }
}
