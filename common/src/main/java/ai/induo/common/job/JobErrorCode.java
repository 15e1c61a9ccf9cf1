package ai.induo.common.job;

/** Stable machine codes for why a job failed; they appear in the job's {@code error.code}. */
public final class JobErrorCode {

    /** An input image could not be decoded or does not fit the model. Not retried. */
    public static final String INVALID_INPUT = "invalid_input";
    /** The model raised an error while running. */
    public static final String MODEL_ERROR = "model_error";
    /** Reading inputs or writing outputs in object storage failed. */
    public static final String STORAGE_ERROR = "storage_error";
    /** The worker running the job stopped renewing its lease (crashed or hung) on the last attempt. */
    public static final String WORKER_LOST = "worker_lost";
    /**
     * The queue gave up delivering the job to a worker: its message was rejected, or delivered as
     * often as the queue allows without an outcome (for example workers crashing on it each time).
     */
    public static final String UNDELIVERABLE = "undeliverable";
    /** An unexpected internal error. */
    public static final String INTERNAL_ERROR = "internal_error";

    private JobErrorCode() {
    }
}
