package ai.induo.gateway.privacy.export;

import ai.induo.gateway.rest.WebhookEndpointView;
import ai.induo.gateway.webhook.WebhookEndpointEntity;
import com.mongodb.client.MongoCursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;

/** {@code webhook_endpoints.json}: the webhook endpoints as the API lists them, without their secrets. */
@ApplicationScoped
public class WebhookEndpointsSection implements ExportSection {

    @Inject
    AccountCursors cursors;

    @Override
    public List<ExportFile> files() {
        return List.of(new ExportFile("webhook_endpoints.json", "Your webhook endpoints: URL, description, event types, "
                + "whether enabled, and when made and changed. Signing secrets are not included.", "§1.3 metadata"));
    }

    @Override
    public void write(String accountId, boolean includeImages, ExportZip zip) throws IOException {
        try (MongoCursor<WebhookEndpointEntity> endpoints = cursors.endpoints(accountId)) {
            zip.jsonArray("webhook_endpoints.json", endpoints, WebhookEndpointView::of);
        }
    }
}
