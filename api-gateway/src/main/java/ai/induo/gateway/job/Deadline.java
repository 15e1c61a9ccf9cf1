package ai.induo.gateway.job;

import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * A submission's {@code expires_in}: whole seconds from 1 to {@link #MAX_SECONDS} after which a job
 * that has not started expires instead of running. Anything else is {@code 422 invalid_request}.
 */
public final class Deadline {

    /** The request field. */
    public static final String FIELD = "expires_in";
    /** The longest deadline: one day, in seconds. */
    public static final long MAX_SECONDS = 24 * 60 * 60;

    private Deadline() {
    }

    /** Reads the multipart {@code expires_in} field. */
    public static Duration parse(String text) {
        try {
            return checked(Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    /** Reads a JSON body's {@code expires_in} member; null when absent. */
    public static Duration fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw invalid();
        }
        return checked(node.longValue());
    }

    private static Duration checked(long seconds) {
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw invalid();
        }
        return Duration.ofSeconds(seconds);
    }

    private static ApiException invalid() {
        return ApiException.unprocessable(ErrorCodes.INVALID_REQUEST,
                FIELD + " must be a whole number of seconds from 1 to " + MAX_SECONDS + ".");
    }
}
