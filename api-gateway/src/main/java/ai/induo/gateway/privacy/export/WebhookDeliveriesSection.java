package ai.induo.gateway.privacy.export;

import ai.induo.gateway.rest.WebhookDeliveryView;
import ai.induo.gateway.webhook.WebhookDeliveryEntity;
import com.mongodb.client.MongoCursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;

/** {@code webhook_deliveries.jsonl}: every webhook delivery with its attempts, as the API shows them. */
@ApplicationScoped
public class WebhookDeliveriesSection implements ExportSection {

    @Inject
    AccountCursors cursors;

    @Override
    public List<ExportFile> files() {
        return List.of(new ExportFile("webhook_deliveries.jsonl", "The webhook events sent for your jobs that are still "
                + "kept, one JSON object per line, with every attempt: time, URL, the receiver's HTTP status, latency and "
                + "error. No signing secret or signature is included.", "§1.3 log data"));
    }

    @Override
    public void write(String accountId, boolean includeImages, ExportZip zip) throws IOException {
        try (MongoCursor<WebhookDeliveryEntity> deliveries = cursors.deliveries(accountId)) {
            zip.jsonLines("webhook_deliveries.jsonl", deliveries, WebhookDeliveryView::of);
        }
    }
}
