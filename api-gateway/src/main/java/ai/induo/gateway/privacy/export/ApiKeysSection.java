package ai.induo.gateway.privacy.export;

import ai.induo.gateway.account.ApiKeyEntity;
import ai.induo.gateway.rest.ApiKeyView;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.mongodb.client.MongoCursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** {@code api_keys.json}: every API key's metadata as the API lists it, revoked keys too; never a key or its hash. */
@ApplicationScoped
public class ApiKeysSection implements ExportSection {

    @Inject
    AccountCursors cursors;

    /** A key as listed, and when it was revoked. */
    record ExportedKey(@JsonUnwrapped ApiKeyView key, @JsonProperty("revoked_at") Instant revokedAt) {
        static ExportedKey of(ApiKeyEntity key) {
            return new ExportedKey(ApiKeyView.of(key), key.revokedAt);
        }
    }

    @Override
    public List<ExportFile> files() {
        return List.of(new ExportFile("api_keys.json", "Your API keys: id, name, prefix, scopes, when each was made, "
                + "last used and revoked. Keys are stored only as hashes; neither keys nor hashes are included.",
                "§1.3 service credentials"));
    }

    @Override
    public void write(String accountId, boolean includeImages, ExportZip zip) throws IOException {
        try (MongoCursor<ApiKeyEntity> keys = cursors.apiKeys(accountId)) {
            zip.jsonArray("api_keys.json", keys, ExportedKey::of);
        }
    }
}
