package ai.induo.common.job;

import ai.induo.common.queue.JobEvent;
import ai.induo.common.queue.JobEventBus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A {@link JobEventBus} in memory that also keeps what is published, for tests of what announces changes. */
public class RecordingEventBus implements JobEventBus {

    private final List<JobEvent> published = new CopyOnWriteArrayList<>();
    private final List<Consumer<JobEvent>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public void publish(JobEvent event) {
        published.add(event);
        listeners.forEach(listener -> listener.accept(event));
    }

    @Override
    public AutoCloseable subscribe(Consumer<JobEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
    }

    /** The statuses announced for the job, in order. */
    public List<JobStatus> statusesOf(String jobId) {
        return published.stream().filter(event -> event.jobId().equals(jobId)).map(JobEvent::status).toList();
    }
}
