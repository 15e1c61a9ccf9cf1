package ai.induo.gateway.webhook;

import ai.induo.common.crypto.DecryptionException;
import ai.induo.common.crypto.MasterKey;
import ai.induo.common.crypto.WrappedSecret;
import ai.induo.common.id.Ids;
import ai.induo.common.webhook.WebhookSigner;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import ai.induo.gateway.webhook.WebhookEndpointEntity.EndpointSecret;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.bson.conversions.Bson;

/**
 * The account's webhook endpoints: create (the secret shown once), list, change, delete, rotate the
 * secret. A rotated-out secret keeps signing next to the new one for
 * {@code induo.gateway.webhooks.rotation-overlap}, so receivers can switch without losing events.
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
    MasterKey masterKey;

    @Inject
    GatewayConfig config;

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
        String secret = WebhookSigner.newSecret();
        endpoint.secrets = List.of(wrap(endpoint.id, secret, now));
        endpoint.createdAt = now;
        endpoint.updatedAt = now;
        if (endpoints.count(accountId) >= MAX_ENDPOINTS) {
            throw ApiException.unprocessable(ErrorCodes.TOO_MANY_WEBHOOK_ENDPOINTS,
                    "An account has at most " + MAX_ENDPOINTS + " webhook endpoints; delete one first.");
        }
        endpoints.persist(endpoint);
        return new WithSecret(endpoint, secret);
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

    /**
     * A new current secret; the previous current one keeps signing until the overlap ends, and
     * secrets whose overlap has ended are dropped.
     */
    public WithSecret rotateSecret(String accountId, String id) {
        WebhookEndpointEntity endpoint = get(accountId, id);
        Instant now = clock.instant();
        String secret = WebhookSigner.newSecret();
        List<EndpointSecret> secrets = new ArrayList<>();
        secrets.add(wrap(id, secret, now));
        for (EndpointSecret old : endpoint.secrets) {
            if (old.expiresAt == null) {
                old.expiresAt = now.plus(config.webhooks().rotationOverlap());
            }
            if (old.expiresAt.isAfter(now)) {
                secrets.add(old);
            }
        }
        WebhookEndpointEntity rotated = endpoints.update(accountId, id,
                        List.of(Updates.set("secrets", secrets), Updates.set("updatedAt", now)))
                .orElseThrow(WebhookEndpointService::notFound);
        return new WithSecret(rotated, secret);
    }

    /** The secrets that sign a delivery to the endpoint now: the current one and those still in their overlap. */
    public List<String> signingSecrets(WebhookEndpointEntity endpoint, Instant now) {
        List<String> secrets = new ArrayList<>();
        for (EndpointSecret secret : endpoint.secrets) {
            if (secret.expiresAt == null || secret.expiresAt.isAfter(now)) {
                secrets.add(unwrap(endpoint.id, secret));
            }
        }
        return secrets;
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

    private EndpointSecret wrap(String endpointId, String secret, Instant now) {
        EndpointSecret wrapped = new EndpointSecret();
        WrappedSecret wrap = masterKey.wrap(secret.getBytes(StandardCharsets.UTF_8), context(endpointId));
        wrapped.wrapped = wrap.ciphertext();
        wrapped.masterKeyId = wrap.masterKeyId();
        wrapped.createdAt = now;
        return wrapped;
    }

    private String unwrap(String endpointId, EndpointSecret secret) {
        try {
            return new String(masterKey.unwrap(new WrappedSecret(secret.masterKeyId, secret.wrapped), context(endpointId)),
                    StandardCharsets.UTF_8);
        } catch (DecryptionException e) {
            throw new IllegalStateException("a secret of webhook endpoint " + endpointId + " does not unwrap with master key "
                    + masterKey.id() + " (stored under " + secret.masterKeyId + ")", e);
        }
    }

    /** What an endpoint's signing secrets are wrapped under: the endpoint. */
    static byte[] context(String endpointId) {
        return ("webhook-endpoint-secret:" + endpointId).getBytes(StandardCharsets.UTF_8);
    }

    private static ApiException notFound() {
        return ApiException.notFound("No such webhook endpoint.");
    }
}
