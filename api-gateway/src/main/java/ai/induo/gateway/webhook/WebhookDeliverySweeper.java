package ai.induo.gateway.webhook;

import ai.induo.gateway.config.GatewayConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;

/** Deletes finished webhook deliveries older than {@code induo.gateway.webhooks.delivery-retention}. */
@ApplicationScoped
public class WebhookDeliverySweeper {

    @Inject
    WebhookDeliveryRepository deliveries;

    @Inject
    GatewayConfig config;

    @Inject
    Clock clock;

    @Scheduled(every = "${induo.gateway.webhooks.retention-sweep-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        deliveries.deleteFinishedBefore(clock.instant().minus(config.webhooks().deliveryRetention()));
    }
}
