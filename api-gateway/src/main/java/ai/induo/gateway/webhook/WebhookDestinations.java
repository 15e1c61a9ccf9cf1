package ai.induo.gateway.webhook;

import ai.induo.common.net.DestinationPolicy;
import ai.induo.common.net.SafeHttpClient;
import ai.induo.gateway.config.GatewayConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

    public DestinationPolicy policy() {
        return policy;
    }

    public SafeHttpClient client() {
        return client;
    }
}
