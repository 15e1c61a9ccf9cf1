package ai.induo.common.job;

import java.util.Objects;

/**
 * Why an attempt failed, in the terms saved on the job.
 *
 * @param code a {@link JobErrorCode} constant
 * @param message what happened, for the customer
 * @param retryable whether another attempt may succeed (a transient fault); bad input is not
 */
public record JobFailure(String code, String message, boolean retryable) {

    public JobFailure {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /** A fault another attempt may not meet (storage, model, the worker itself). */
    public static JobFailure transientFault(String code, String message) {
        return new JobFailure(code, message, true);
    }

    /** A fault every attempt would meet, such as an input that cannot be decoded. */
    public static JobFailure permanent(String code, String message) {
        return new JobFailure(code, message, false);
    }
}
