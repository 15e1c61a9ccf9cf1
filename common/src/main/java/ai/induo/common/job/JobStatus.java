package ai.induo.common.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The states of a try-on job. Allowed transitions are an explicit allow-list: anything not listed
 * is refused, so a new state is closed by default.
 */
public enum JobStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    EXPIRED;

    private static final Map<JobStatus, Set<JobStatus>> ALLOWED = new EnumMap<>(JobStatus.class);

    static {
        ALLOWED.put(QUEUED, EnumSet.of(RUNNING, FAILED, CANCELLED, EXPIRED));
        ALLOWED.put(RUNNING, EnumSet.of(SUCCEEDED, FAILED, QUEUED, CANCELLED));
        ALLOWED.put(SUCCEEDED, EnumSet.noneOf(JobStatus.class));
        ALLOWED.put(FAILED, EnumSet.noneOf(JobStatus.class));
        ALLOWED.put(CANCELLED, EnumSet.noneOf(JobStatus.class));
        ALLOWED.put(EXPIRED, EnumSet.noneOf(JobStatus.class));
    }

    /** True for states a job never leaves. */
    public boolean isTerminal() {
        return ALLOWED.get(this).isEmpty();
    }

    public boolean canTransitionTo(JobStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    /** The states this one may move to, for documentation and tests. */
    public Set<JobStatus> allowedNext() {
        return Collections.unmodifiableSet(ALLOWED.get(this));
    }

    /**
     * @throws IllegalTransitionException when {@code next} is not on the allow-list for this state
     */
    public void checkTransitionTo(JobStatus next) {
        if (!canTransitionTo(next)) {
            throw new IllegalTransitionException(this, next);
        }
    }

    /** The wire and database name: lower case. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static JobStatus fromWireName(String name) {
        return Arrays.stream(values())
                .filter(status -> status.wireName().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown job status: " + name));
    }
}
