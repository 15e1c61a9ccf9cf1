package ai.induo.common.safety;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a safety case stands: open until an operator resolves it as one of the other outcomes. */
public enum SafetyOutcome {

    /** Waiting for review; the only outcome with a link to the account and job. */
    OPEN,
    /** Reviewed: not unsafe use. */
    DISMISSED,
    /** Reviewed: unsafe use of the service. */
    CONFIRMED_ABUSE;

    /** The name on the wire and in the database, e.g. {@code confirmed_abuse}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a case with this outcome was resolved. */
    public boolean isResolved() {
        return this != OPEN;
    }

    /** The outcome with this wire name, if any. */
    public static Optional<SafetyOutcome> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(outcome -> outcome.wireName().equals(wireName)).findFirst();
    }
}
