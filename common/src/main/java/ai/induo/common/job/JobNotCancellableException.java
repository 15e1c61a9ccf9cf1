package ai.induo.common.job;

/** A job that has already ended cannot be cancelled. */
public final class JobNotCancellableException extends RuntimeException {

    private final transient Job job;

    public JobNotCancellableException(Job job) {
        super("job " + job.id() + " has already ended (" + job.status().wireName() + ")");
        this.job = job;
    }

    /** The job as it ended. */
    public Job job() {
        return job;
    }
}
