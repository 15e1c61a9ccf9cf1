package ai.induo.common.safety;

import java.util.Locale;

/** Who opened a safety case: the worker's {@link SafetyCheck}, or an operator. */
public enum SafetySource {

    RULE,
    OPERATOR;

    /** The name on the wire and in the database. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
