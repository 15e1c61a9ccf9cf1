package ai.induo.gateway.retention;

import ai.induo.common.id.Ids;
import ai.induo.common.job.Job;
import ai.induo.common.job.JobImage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which stored job images no job keeps: an object under {@code accounts/<account>/jobs/<job>/inputs/…}
 * or {@code …/outputs/…} is an orphan when its job was never inserted (the gateway stopped between
 * storing and inserting) or when its job has ended and does not, or no longer, refer to it (an output
 * written after someone else ended the job, an image left after retention marked it deleted). An
 * orphan goes only after {@code grace}: counted from the job id's time when there is no job (which
 * covers the upload), from the job's end otherwise. A job still queued or running keeps every object.
 */
final class OrphanRule {

    private static final String ACCOUNTS = "accounts";
    private static final String JOBS = "jobs";
    private static final String INPUTS = "inputs";
    private static final String OUTPUTS = "outputs";

    private final Duration grace;

    OrphanRule(Duration grace) {
        this.grace = grace;
    }

    /** The job image a key names: its account, its job, and whether it is an output. */
    record JobObject(String key, String accountId, String jobId, boolean output) {
    }

    /** The job image {@code key} names; empty for a key of another layout, which this rule leaves alone. */
    static Optional<JobObject> parse(String key) {
        String[] segments = key.split("/", 6);
        if (segments.length != 6 || !segments[0].equals(ACCOUNTS) || !segments[2].equals(JOBS)
                || !(segments[4].equals(INPUTS) || segments[4].equals(OUTPUTS))) {
            return Optional.empty();
        }
        return Optional.of(new JobObject(key, segments[1], segments[3], segments[4].equals(OUTPUTS)));
    }

    /** Whether {@code object} is an orphan past its grace at {@code now}; {@code job} is its job, null when none is stored. */
    boolean isOrphanPastGrace(JobObject object, Job job, Instant now) {
        if (job == null || !job.accountId().equals(object.accountId())) {
            return Ids.createdAt(Ids.JOB, object.jobId()).map(made -> made.plus(grace).isBefore(now)).orElse(false);
        }
        if (!job.status().isTerminal() || keeps(job, object)) {
            return false;
        }
        return job.finishedAt() != null && job.finishedAt().plus(grace).isBefore(now);
    }

    private static boolean keeps(Job job, JobObject object) {
        return object.output() ? job.outputsDeletedAt() == null && refers(job.outputs(), object.key())
                : job.inputsDeletedAt() == null && refers(job.inputs(), object.key());
    }

    private static boolean refers(List<JobImage> images, String key) {
        return images.stream().anyMatch(image -> image.key().equals(key));
    }
}
