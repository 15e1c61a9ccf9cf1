package ai.induo.common.job;

import java.time.Instant;

/** One status change of a job and when it happened. */
public record JobTransition(JobStatus from, JobStatus to, Instant at) {
}
