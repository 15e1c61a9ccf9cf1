package ai.induo.common.safety;

import java.util.Objects;

/**
 * Which account and job an open safety case came from: kept apart from the case (collection
 * {@code safety_case_links}), shown only to the {@code safety} role, deleted when the case is
 * resolved or the account erased.
 */
public record SafetyCaseLink(String caseId, String accountId, String jobId) {

    public SafetyCaseLink {
        Objects.requireNonNull(caseId, "caseId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(jobId, "jobId");
    }
}
