package ai.induo.gateway.webhook;

import ai.induo.common.id.Ids;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import ai.induo.gateway.webhook.SigningSecrets.Issued;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.bson.conversions.Bson;

/**
 * The account's webhook endpoints: create (the secret shown once), list, change, delete, rotate the
 * secret ({@link SigningSecrets}: a rotated-out secret keeps signing next to the new one for a while).
 */
@ApplicationScoped
public class WebhookEndpointService {

    /** Endpoints one account may have. */
    public static final int MAX_ENDPOINTS = 20;
    /** Longest description. */
    public static final int MAX_DESCRIPTION_CHARS = 200;

    @Inject
    WebhookEndpointRepository endpoints;

    @Inject
    WebhookDestinations destinations;

    @Inject
    SigningSecrets signingSecrets;

    @Inject
    Clock clock;

    /** An endpoint with its secret in clear, answered once on creation and on rotation. */
    public record WithSecret(WebhookEndpointEntity endpoint, String secret) {
    }

    /** The fields of a create or change request; a null field is not given. */
    public record Changes(String url, List<String> eventTypes, Boolean enabled, String description) {
    }

    public WithSecret create(String accountId, Changes request) {
        if (request.url() == null) {
            throw ApiException.unprocessable(ErrorCodes.INVALID_WEBHOOK_URL, "url is required.");
        }
        WebhookEndpointEntity endpoint = new WebhookEndpointEntity();
        Instant now = clock.instant();
        endpoint.id = Ids.newId(Ids.WEBHOOK_ENDPOINT, now);
        endpoint.accountId = accountId;
        endpoint.url = destinations.checkUrl("url", request.url());
        endpoint.eventTypes = request.eventTypes() == null ? List.of() : checkEventTypes(request.eventTypes());
        endpoint.enabled = request.enabled() == null || request.enabled();
        endpoint.description = request.description() == null ? null : checkDescription(request.description());
        Issued issued = signingSecrets.issue(context(endpoint.id), now);
        endpoint.secrets = issued.secrets();
        endpoint.createdAt = now;
        endpoint.updatedAt = now;
        if (endpoints.count(accountId) >= MAX_ENDPOINTS) {
            throw ApiException.unprocessable(ErrorCodes.TOO_MANY_WEBHOOK_ENDPOINTS,
                    "An account has at most " + MAX_ENDPOINTS + " webhook endpoints; delete one first.");
        }
        endpoints.persist(endpoint);
        return new WithSecret(endpoint, issued.secret());
    }

    public List<WebhookEndpointEntity> list(String accountId) {
        return endpoints.list(accountId);
    }

    /** The account's endpoint; {@code 404} for an unknown id and for another account's endpoint. */
    public WebhookEndpointEntity get(String accountId, String id) {
        return endpoints.find(accountId, id).orElseThrow(WebhookEndpointService::notFound);
    }

    /** Changes the given fields; enabling an endpoint clears the reason it was disabled. */
    public WebhookEndpointEntity update(String accountId, String id, Changes changes) {
        List<Bson> updates = new ArrayList<>();
        if (changes.url() != null) {
            updates.add(Updates.set("url", destinations.checkUrl("url", changes.url())));
        }
        if (changes.eventTypes() != null) {
            updates.add(Updates.set("eventTypes", checkEventTypes(changes.eventTypes())));
        }
        if (changes.description() != null) {
            updates.add(Updates.set("description", checkDescription(changes.description())));
        }
        if (changes.enabled() != null) {
            updates.add(Updates.set("enabled", changes.enabled()));
            updates.add(Updates.unset("disabledReason"));
        }
        updates.add(Updates.set("updatedAt", clock.instant()));
        return endpoints.update(accountId, id, updates).orElseThrow(WebhookEndpointService::notFound);
    }

    /** Deletes the endpoint; its pending deliveries end as failed at their next attempt. */
    public void delete(String accountId, String id) {
        if (!endpoints.delete(accountId, id)) {
            throw notFound();
        }
    }

    /** A new current secret; the previous one keeps signing until the overlap ends ({@link SigningSecrets#rotate}). */
    public WithSecret rotateSecret(String accountId, String id) {
        WebhookEndpointEntity endpoint = get(accountId, id);
        Instant now = clock.instant();
        Issued issued = signingSecrets.rotate(endpoint.secrets, context(id), now);
        WebhookEndpointEntity rotated = endpoints.update(accountId, id,
                        List.of(Updates.set("secrets", issued.secrets()), Updates.set("updatedAt", now)))
                .orElseThrow(WebhookEndpointService::notFound);
        return new WithSecret(rotated, issued.secret());
    }

    /** The secrets that sign a delivery to the endpoint now: the current one and those still in their overlap. */
    public List<String> signingSecrets(WebhookEndpointEntity endpoint, Instant now) {
        return signingSecrets.signing(endpoint.secrets, context(endpoint.id), now);
    }

    /** The account's enabled endpoints that want {@code eventType}. */
    public List<WebhookEndpointEntity> subscribers(String accountId, String eventType) {
        return endpoints.listEnabled(accountId).stream()
                .filter(endpoint -> endpoint.eventTypes.isEmpty() || endpoint.eventTypes.contains(eventType))
                .toList();
    }

    /** Turns the endpoint off after the receiver answered {@code 410 Gone}. */
    public void disableGone(String accountId, String id) {
        endpoints.update(accountId, id, List.of(Updates.set("enabled", false),
                Updates.set("disabledReason", "The receiver answered 410 Gone."), Updates.set("updatedAt", clock.instant())));
    }

    public Optional<WebhookEndpointEntity> find(String accountId, String id) {
        return endpoints.find(accountId, id);
    }

    private static List<String> checkEventTypes(List<String> eventTypes) {
        for (String type : eventTypes) {
            if (!WebhookEventTypes.ALL.contains(type)) {
                throw ApiException.unprocessable(ErrorCodes.INVALID_EVENT_TYPE,
                        "Unknown event type '" + type + "'; the types are " + String.join(", ", WebhookEventTypes.ALL)
                                + " (an empty list means every type).");
            }
        }
        return List.copyOf(new LinkedHashSet<>(eventTypes));
    }

    private static String checkDescription(String description) {
        String clean = description.strip();
        if (clean.length() > MAX_DESCRIPTION_CHARS) {
            throw ApiException.unprocessable(ErrorCodes.INVALID_REQUEST,
                    "description must have at most " + MAX_DESCRIPTION_CHARS + " characters.");
        }
        return clean;
    }

    /** What an endpoint's secrets are wrapped under. */
    public static String context(String endpointId) {
        return "webhook-endpoint-secret:" + endpointId;
    }

    private static ApiException notFound() {
        return ApiException.notFound("No such webhook endpoint.");
    }
}
