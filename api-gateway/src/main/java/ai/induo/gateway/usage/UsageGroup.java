package ai.induo.gateway.usage;

import ai.induo.common.job.JobStatus;
import ai.induo.common.job.Job;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The running totals of one usage group: jobs per status, output images, and model seconds, the
 * sum over finished jobs of {@code finishedAt − startedAt} (the wall time of the job's last attempt).
 */
public final class UsageGroup {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final String group;
    private final Map<JobStatus, Long> jobs = new EnumMap<>(JobStatus.class);
    private long outputImages;
    private Duration modelTime = Duration.ZERO;

    UsageGroup(String group) {
        this.group = group;
    }

    void add(Job job) {
        add(job.status(), 1, job.outputs().size(), modelTime(job));
    }

    /** Adds figures of jobs in {@code status}; negative figures take them away. */
    void add(JobStatus status, long jobCount, long outputs, Duration model) {
        jobs.merge(status, jobCount, Long::sum);
        outputImages += outputs;
        modelTime = modelTime.plus(model);
    }

    /** Adds every figure of {@code other}. */
    void addAll(UsageGroup other) {
        other.jobs.forEach((status, count) -> jobs.merge(status, count, Long::sum));
        outputImages += other.outputImages;
        modelTime = modelTime.plus(other.modelTime);
    }

    /** The model time {@code job} adds: its last attempt's wall time once it has ended, else zero. */
    static Duration modelTime(Job job) {
        if (job.status().isTerminal() && job.startedAt() != null && job.finishedAt() != null) {
            return Duration.between(job.startedAt(), job.finishedAt());
        }
        return Duration.ZERO;
    }

    /** The group's value: a UTC day, a status wire name, or a metadata value (null when the job lacks the key). */
    public String group() {
        return group;
    }

    /** Jobs in {@code status}. */
    public long jobs(JobStatus status) {
        return jobs.getOrDefault(status, 0L);
    }

    /** Jobs in every status. */
    public long totalJobs() {
        return jobs.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Output images of the group's jobs. */
    public long outputImages() {
        return outputImages;
    }

    /** Model seconds of the group's finished jobs. */
    public double modelSeconds() {
        return modelTime.toNanos() / NANOS_PER_SECOND;
    }
}
