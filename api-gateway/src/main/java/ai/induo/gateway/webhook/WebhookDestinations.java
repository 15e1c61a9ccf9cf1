package ai.induo.gateway.webhook;

import ai.induo.common.net.BlockedDestinationException;
import ai.induo.common.net.CustomerUrls;
import ai.induo.common.net.DestinationPolicy;
import ai.induo.common.net.InvalidUrlException;
import ai.induo.common.net.SafeHttpClient;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Where webhooks may go (public addresses, plus the configured allow-list) and the client that goes there. */
@ApplicationScoped
public class WebhookDestinations {

    /** Connecting to a customer's server should be quick; the whole call is bounded by the webhook timeout. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    @Inject
    GatewayConfig config;

    private DestinationPolicy policy;
    private SafeHttpClient client;

    @PostConstruct
    void init() {
        policy = new DestinationPolicy(config.webhooks().allowedDestinations().orElse(List.of()));
        client = new SafeHttpClient(policy, CONNECT_TIMEOUT, config.webhooks().timeout());
    }

    /**
     * The URL a customer gave for webhooks, checked: absolute http or https, a host that is not an
     * IPv4 address in an ambiguous form and resolves, only to allowed addresses. Anything else is
     * {@code 422 invalid_webhook_url} naming {@code field}; a host that does not resolve gets the
     * same answer as one with a private address.
     */
    public String checkUrl(String field, String url) {
        try {
            URI uri = CustomerUrls.parse(url);
            policy.check(uri);
            return uri.toString();
        } catch (InvalidUrlException e) {
            throw ApiException.unprocessable(ErrorCodes.INVALID_WEBHOOK_URL, field + " " + e.getMessage() + ".");
        } catch (BlockedDestinationException e) {
            throw ApiException.unprocessable(ErrorCodes.INVALID_WEBHOOK_URL,
                    field + " is not an allowed destination: " + e.getMessage() + ".");
        }
    }

    public SafeHttpClient client() {
        return client;
    }
}
