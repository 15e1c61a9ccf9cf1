package ai.induo.gateway.privacy.erasure;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What is left of an erasure: its id, when it was requested and finished, and how many things of each
 * kind were erased. No personal data, not even the account id once finished.
 */
public record ErasureReceipt(String id, Status status, Instant requestedAt, Optional<Instant> finishedAt,
        Map<String, Long> counts) {

    /** Where an erasure stands. */
    public enum Status {
        IN_PROGRESS("in_progress"), COMPLETED("completed");

        private final String wireName;

        Status(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }
}
