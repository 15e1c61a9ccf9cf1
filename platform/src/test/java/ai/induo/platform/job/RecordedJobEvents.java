package ai.induo.platform.job;

import ai.induo.common.job.JobStatus;
import ai.induo.common.queue.JobEvent;
import ai.induo.common.queue.JobEventBus;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The job-event bus of the platform's tests: keeps what is published instead of sending it to a queue backend. */
@Alternative
@Priority(1)
@Singleton
public class RecordedJobEvents implements JobEventBus {

    private final List<JobEvent> published = new CopyOnWriteArrayList<>();

    @Override
    public void publish(JobEvent event) {
        published.add(event);
    }

    @Override
    public AutoCloseable subscribe(Consumer<JobEvent> listener) {
        throw new UnsupportedOperationException("the platform's tests only publish");
    }

    @Override
    public void close() {
    }

    /** The statuses announced for the job, in order. */
    List<JobStatus> statusesOf(String jobId) {
        return published.stream().filter(event -> event.jobId().equals(jobId)).map(JobEvent::status).toList();
    }
}
