package ai.induo.platform.job;

import ai.induo.common.job.RecordingEventBus;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/** The job-event bus of the platform's tests: keeps what is published instead of sending it to a queue backend. */
@Alternative
@Priority(1)
@Singleton
public class RecordedJobEvents extends RecordingEventBus {
}
