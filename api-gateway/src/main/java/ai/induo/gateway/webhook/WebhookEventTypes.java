package ai.induo.gateway.webhook;

import ai.induo.common.job.JobStatus;
import java.util.Arrays;
import java.util.List;

/** The event types webhooks carry: {@code job.<status>} for each terminal job status. */
public final class WebhookEventTypes {

    /** Every event type, in the order of the job statuses. */
    public static final List<String> ALL = Arrays.stream(JobStatus.values())
            .filter(JobStatus::isTerminal)
            .map(status -> of(status.wireName()))
            .toList();

    private WebhookEventTypes() {
    }

    /** The event type announcing that a job reached the status with this wire name, e.g. {@code job.succeeded}. */
    public static String of(String status) {
        return "job." + status;
    }
}
