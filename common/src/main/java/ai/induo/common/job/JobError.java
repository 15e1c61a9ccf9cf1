package ai.induo.common.job;

import java.time.Instant;

/**
 * Why one attempt of a job failed.
 *
 * @param attempt the attempt that failed (1 for the first)
 * @param code a {@link JobErrorCode} constant
 * @param message what happened, for the customer (never a secret or a stack trace)
 */
public record JobError(int attempt, String code, String message, Instant at) {
}
