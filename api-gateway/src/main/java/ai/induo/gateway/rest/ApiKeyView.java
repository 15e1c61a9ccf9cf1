package ai.induo.gateway.rest;

import ai.induo.gateway.account.ApiKeyEntity;
import ai.induo.gateway.account.ApiKeyService;
import ai.induo.gateway.account.Scope;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** An API key as the API shows it; {@code key} only in the answer that creates it, never its hash. */
public record ApiKeyView(
        @JsonProperty("id") String id,
        @JsonProperty("object") String object,
        @JsonProperty("name") String name,
        @JsonProperty("prefix") String prefix,
        @JsonProperty("scopes") List<String> scopes,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("last_used_at") Instant lastUsedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("key") String key) {

    /** A stored key, without its secret. */
    static ApiKeyView of(ApiKeyEntity key) {
        return withKey(key, null);
    }

    /** A key just made, with the key itself, shown this once. */
    static ApiKeyView withKey(ApiKeyEntity key, String secret) {
        return new ApiKeyView(key.id, "api_key", key.name, key.prefix, Scope.wireNames(ApiKeyService.scopesOf(key)),
                key.createdAt, key.lastUsedAt, secret);
    }
}
