package ai.induo.gateway.privacy.export;

import ai.induo.common.job.Job;
import ai.induo.gateway.account.ApiKeyEntity;
import ai.induo.gateway.requestlog.RequestLogEntity;
import ai.induo.gateway.rest.ApiKeyView;
import ai.induo.gateway.rest.RequestLogResource.RequestLogView;
import ai.induo.gateway.rest.WebhookDeliveryView;
import ai.induo.gateway.rest.WebhookEndpointView;
import ai.induo.gateway.webhook.WebhookDeliveryEntity;
import ai.induo.gateway.webhook.WebhookEndpointEntity;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Instant;

/** The built-in sections that export one collection each, record by record, as the API shows them. */
@ApplicationScoped
public class RecordSections {

    /** An API key as listed, and when it was revoked; never the key or its hash. */
    record ExportedKey(@JsonUnwrapped ApiKeyView key, @JsonProperty("revoked_at") Instant revokedAt) {
        static ExportedKey of(ApiKeyEntity key) {
            return new ExportedKey(ApiKeyView.of(key), key.revokedAt);
        }
    }

    @Produces
    @Singleton
    RecordSection<ApiKeyEntity> apiKeys(AccountCursors cursors) {
        return new RecordSection<>(new ExportFile("api_keys.json", "Your API keys: id, name, prefix, scopes, when each "
                + "was made, last used and revoked. Keys are stored only as hashes; neither keys nor hashes are included.",
                "§1.3 service credentials"), cursors::apiKeys, ExportedKey::of);
    }

    @Produces
    @Singleton
    RecordSection<Job> jobs(AccountCursors cursors) {
        return new RecordSection<>(new ExportFile("jobs.jsonl", "Every try-on job, one JSON object per line: status, "
                + "model, storage region, your metadata, webhook_url, timings, attempts, every status change with its "
                + "time, every error, and what each input and output image was (type, size), without the images.",
                "§1.2 user content (what was processed) and §1.3 metadata"),
                cursors::jobs, ExportedJob::of);
    }

    @Produces
    @Singleton
    RecordSection<RequestLogEntity> requestLogs(AccountCursors cursors) {
        return new RecordSection<>(new ExportFile("request_logs.jsonl", "The requests your account made that the log "
                + "still keeps, one JSON object per line: time, IP address, method, route, HTTP status, latency, request "
                + "size and the API key used.", "§1.3 log data"), cursors::requestLogs, RequestLogView::of);
    }

    @Produces
    @Singleton
    RecordSection<WebhookEndpointEntity> webhookEndpoints(AccountCursors cursors) {
        return new RecordSection<>(new ExportFile("webhook_endpoints.json", "Your webhook endpoints: URL, description, "
                + "event types, whether enabled, and when made and changed. Signing secrets are not included.",
                "§1.3 metadata"), cursors::endpoints, WebhookEndpointView::of);
    }

    @Produces
    @Singleton
    RecordSection<WebhookDeliveryEntity> webhookDeliveries(AccountCursors cursors) {
        return new RecordSection<>(new ExportFile("webhook_deliveries.jsonl", "The webhook events sent for your jobs "
                + "that are still kept, one JSON object per line, with every attempt: time, URL, the receiver's HTTP "
                + "status, latency and error. No signing secret or signature is included.", "§1.3 log data"),
                cursors::deliveries, WebhookDeliveryView::of);
    }
}
