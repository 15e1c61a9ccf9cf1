package ai.induo.gateway.job;

import java.util.List;
import java.util.Map;

/** A parsed, not yet validated, job request. */
public record JobSubmission(
        SubmittedImage person, List<SubmittedImage> products, Map<String, String> metadata, String webhookUrl) {
}
