package ai.induo.common.safety;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Why a safety case was opened; a closed list, so reports count a few known categories. */
public enum SafetyCategory {

    /** The person image is mostly skin-tone pixels ({@link SafetyRule}): possible nudity. */
    SKIN_EXPOSURE,
    /** Sexual content, as an operator judged it. */
    SEXUAL_CONTENT,
    /** The person appears to be a minor. */
    MINOR,
    /** The person did not agree to the image being used (someone else's photo). */
    NON_CONSENSUAL,
    /** Violent or hateful content. */
    VIOLENCE,
    /** Anything else an operator wants reviewed. */
    OTHER;

    /** The name on the wire and in the database, e.g. {@code skin_exposure}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The category with this wire name, if any. */
    public static Optional<SafetyCategory> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(category -> category.wireName().equals(wireName)).findFirst();
    }
}
