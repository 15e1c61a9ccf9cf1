package ai.induo.common.job;

/**
 * A new job was not stored because its account already has a job under the same idempotency key:
 * the key is bound to that job, which the submission answers instead.
 */
public class DuplicateIdempotencyKeyException extends RuntimeException {

    public DuplicateIdempotencyKeyException(Job job, Throwable cause) {
        super("account " + job.accountId() + " already has a job under the idempotency key of job " + job.id(), cause);
    }
}
