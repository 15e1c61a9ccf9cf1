package ai.induo.gateway.rest;

import ai.induo.common.job.Job;
import ai.induo.common.job.JobImage;
import ai.induo.common.job.JobStatus;
import ai.induo.gateway.job.JobListRepository;
import ai.induo.gateway.job.QueueLength;
import ai.induo.gateway.output.OutputUrls;
import com.mongodb.MongoException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/** Maps stored jobs to API views, signing fresh output URLs. */
@ApplicationScoped
public class JobViews {

    private static final Logger LOG = Logger.getLogger(JobViews.class);

    @Inject
    OutputUrls outputUrls;

    @Inject
    JobListRepository jobs;

    @Inject
    QueueLength queueLength;

    /** The job without its queue position: for lists and webhooks, where counting per job costs too much. */
    public JobView toView(Job job) {
        return toView(job, null);
    }

    /**
     * The job as the {@code 202} answer of its submission shows it: while queued, with its approximate
     * queue position from this gateway's recent count of the queue ({@link QueueLength}), not a count
     * of its own.
     */
    public JobView toSubmittedView(Job job) {
        return toView(job, queuePosition(job, () -> queueLength.positionOfNew(job)));
    }

    /**
     * The job as a single-job read shows it: while queued, with its approximate queue position, one
     * more than the queued jobs of every account created before it (one indexed count).
     */
    public JobView toDetailView(Job job) {
        return toView(job, queuePosition(job, () -> jobs.countQueuedAhead(job) + 1));
    }

    /**
     * The queued job's approximate place in the queue; null when it is not queued, or when the
     * database cannot count it, so that the answer to a submission whose job is stored does not turn
     * into an error.
     */
    private Long queuePosition(Job job, LongSupplier position) {
        if (job.status() != JobStatus.QUEUED) {
            return null;
        }
        try {
            return position.getAsLong();
        } catch (MongoException e) {
            LOG.warnf("the queue position of job %s could not be counted: %s", job.id(), e.getMessage());
            return null;
        }
    }

    private JobView toView(Job job, Long queuePosition) {
        List<JobView.Output> outputs = new ArrayList<>();
        if (job.status() == JobStatus.SUCCEEDED && job.outputsDeletedAt() == null) {
            for (int i = 0; i < job.outputs().size(); i++) {
                JobImage output = job.outputs().get(i);
                OutputUrls.SignedUrl url = outputUrls.sign(job.id(), i);
                outputs.add(new JobView.Output(url.url(), output.contentType(), output.width(), output.height(),
                        url.expiresAt()));
            }
        }
        JobView.Error error = job.status() == JobStatus.FAILED
                ? job.lastError().map(last -> new JobView.Error(last.code(), last.message())).orElse(null)
                : null;
        return new JobView(job.id(), "job", job.status().wireName(), queuePosition, job.model(), job.region(),
                job.createdAt(), job.startedAt(), job.finishedAt(), job.expiresAt(), job.metadata(), job.webhookUrl(),
                job.attempt(), outputs, error);
    }
}
