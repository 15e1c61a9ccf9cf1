package ai.induo.gateway.rest;

import ai.induo.gateway.account.ApiKeyEntity;
import ai.induo.gateway.account.ApiKeyService;
import ai.induo.gateway.account.Scope;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An API key as the API shows it; {@code key} only in the answer that creates it, never its hash. */
@Schema(name = "ApiKey", description = "An API key. Only its SHA-256 and its `prefix` are kept; the key itself is "
        + "shown once, in `key`, when it is made.")
public record ApiKeyView(
        @Schema(required = true, description = "The key's id, `key_…`.")
        @JsonProperty("id") String id,
        @Schema(required = true, enumeration = "api_key")
        @JsonProperty("object") String object,
        @Schema(required = true, description = "What the key is for, as given when it was made.")
        @JsonProperty("name") String name,
        @Schema(required = true, description = "The start of the key, to recognise it by, e.g. `sk_4f9k2a`.")
        @JsonProperty("prefix") String prefix,
        @Schema(required = true, type = SchemaType.ARRAY, implementation = Scope.class,
                description = "What the key may do.")
        @JsonProperty("scopes") List<String> scopes,
        @Schema(required = true, description = "When the key was made.")
        @JsonProperty("created_at") Instant createdAt,
        @Schema(required = true, nullable = true, description = "When the key last authenticated a request, to the "
                + "minute; `null` when it never did.")
        @JsonProperty("last_used_at") Instant lastUsedAt,
        @Schema(description = "The key itself, `sk_…`: only in the answer that makes it (and that answer's "
                + "idempotent replay), never again.")
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("key") String key) {

    /** A stored key, without its secret. */
    public static ApiKeyView of(ApiKeyEntity key) {
        return withKey(key, null);
    }

    /** A key just made, with the key itself, shown this once. */
    static ApiKeyView withKey(ApiKeyEntity key, String secret) {
        return new ApiKeyView(key.id, "api_key", key.name, key.prefix, Scope.wireNames(ApiKeyService.scopesOf(key)),
                key.createdAt, key.lastUsedAt, secret);
    }
}
