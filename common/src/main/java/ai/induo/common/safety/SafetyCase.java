package ai.induo.common.safety;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * An anonymised safety case: what was flagged, by whom, and how it was resolved, with the names of
 * the image copies under {@code safety/<id>/}. It holds no account id, job id, metadata or exact
 * time (only the day), so it cannot be tied back to a customer; that link is a separate
 * {@link SafetyCaseLink}, deleted when the case is resolved.
 *
 * @param resolvedOn the day it was resolved; null while open
 */
public record SafetyCase(String id, SafetyCategory category, SafetySource source, SafetyOutcome outcome,
        LocalDate createdOn, List<String> objects, LocalDate resolvedOn) {

    public SafetyCase {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(createdOn, "createdOn");
        objects = List.copyOf(objects);
    }
}
