package ai.induo.gateway.rest;

import ai.induo.common.job.JobStatus;
import ai.induo.gateway.output.OutputUrls;
import ai.induo.platform.job.JobEntity;
import ai.induo.platform.job.JobEntity.JobErrorEntry;
import ai.induo.platform.job.JobRepository;
import com.mongodb.MongoException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** Maps stored jobs to API views, signing fresh output URLs. */
@ApplicationScoped
public class JobViews {

    private static final Logger LOG = Logger.getLogger(JobViews.class);

    @Inject
    OutputUrls outputUrls;

    @Inject
    JobRepository jobs;

    /** The job without its queue position: for lists and webhooks, where counting per job costs too much. */
    public JobView toView(JobEntity job) {
        return toView(job, null);
    }

    /**
     * The job as a single-job read shows it: while queued, with its approximate queue position, one
     * more than the queued jobs of every account created before it (one indexed count).
     */
    public JobView toDetailView(JobEntity job) {
        return toView(job, job.jobStatus() == JobStatus.QUEUED ? queuePosition(job) : null);
    }

    /**
     * The job's approximate place in the queue; null when the database cannot count it, so that the
     * answer to a submission whose job is stored does not turn into an error.
     */
    private Long queuePosition(JobEntity job) {
        try {
            return jobs.countQueuedAhead(job) + 1;
        } catch (MongoException e) {
            LOG.warnf("the queue position of job %s could not be counted: %s", job.id, e.getMessage());
            return null;
        }
    }

    private JobView toView(JobEntity job, Long queuePosition) {
        List<JobView.Output> outputs = new ArrayList<>();
        if (job.jobStatus() == JobStatus.SUCCEEDED && job.outputsDeletedAt == null) {
            for (int i = 0; i < job.outputs.size(); i++) {
                JobEntity.StoredImage output = job.outputs.get(i);
                OutputUrls.SignedUrl url = outputUrls.sign(job.id, i);
                outputs.add(new JobView.Output(url.url(), output.contentType, output.width, output.height, url.expiresAt()));
            }
        }
        JobErrorEntry error = job.jobStatus() == JobStatus.FAILED ? job.lastError() : null;
        return new JobView(job.id, "job", job.status, queuePosition, job.model, job.region, job.createdAt, job.startedAt,
                job.finishedAt,
                job.expiresAt, job.metadata, job.webhookUrl, job.attempt, outputs,
                error == null ? null : new JobView.Error(error.code, error.message));
    }
}
