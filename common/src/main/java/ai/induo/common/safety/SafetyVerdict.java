package ai.induo.common.safety;

import java.util.Objects;
import java.util.Optional;

/** What a {@link SafetyCheck} found: nothing, or the category a case is opened under. */
public record SafetyVerdict(Optional<SafetyCategory> category) {

    private static final SafetyVerdict CLEAR = new SafetyVerdict(Optional.empty());

    public SafetyVerdict {
        Objects.requireNonNull(category, "category");
    }

    /** Nothing to report. */
    public static SafetyVerdict clear() {
        return CLEAR;
    }

    /** The inputs should be reviewed under {@code category}. */
    public static SafetyVerdict flagged(SafetyCategory category) {
        return new SafetyVerdict(Optional.of(category));
    }

    public boolean isFlagged() {
        return category.isPresent();
    }
}
