package ai.induo.gateway.webhook;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.elemMatch;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;

import ai.induo.common.crypto.MasterWrappedSecret;
import ai.induo.common.crypto.MasterWrappedStore;
import ai.induo.common.crypto.WrappedSecret;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The webhook endpoints' signing secrets (current and rotated-out), wrapped by the master key, as a
 * master-key rotation walks and re-wraps them: the one place that reads {@code webhook_endpoints}
 * across accounts.
 */
@ApplicationScoped
public class WebhookEndpointSecrets implements MasterWrappedStore {

    @Inject
    WebhookEndpointRepository endpoints;

    @Override
    public String name() {
        return "webhook endpoint secrets";
    }

    @Override
    public List<MasterWrappedSecret> page(String afterDocumentId, int limit) {
        Bson filter = afterDocumentId == null ? new Document() : gt("_id", afterDocumentId);
        List<MasterWrappedSecret> secrets = new ArrayList<>();
        for (WebhookEndpointEntity endpoint : endpoints.mongoCollection().find(filter).sort(Sorts.ascending("_id"))
                .limit(limit)) {
            for (WebhookEndpointEntity.EndpointSecret secret : endpoint.secrets) {
                secrets.add(new MasterWrappedSecret(endpoint.id, new WrappedSecret(secret.masterKeyId, secret.wrapped),
                        WebhookEndpointService.context(endpoint.id)));
            }
        }
        return secrets;
    }

    /** Replaces the one secret of the endpoint whose wrapped bytes are the expected ones. */
    @Override
    public boolean replace(MasterWrappedSecret secret, WrappedSecret rewrapped) {
        WrappedSecret expected = secret.wrapped();
        return endpoints.mongoCollection().updateOne(
                        and(eq("_id", secret.documentId()), elemMatch("secrets",
                                and(eq("masterKeyId", expected.masterKeyId()), eq("wrapped", expected.ciphertext())))),
                        Updates.combine(Updates.set("secrets.$.masterKeyId", rewrapped.masterKeyId()),
                                Updates.set("secrets.$.wrapped", rewrapped.ciphertext())))
                .getModifiedCount() == 1;
    }
}
