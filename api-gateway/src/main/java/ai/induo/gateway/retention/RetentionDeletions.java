package ai.induo.gateway.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;

/**
 * Counts what retention deletes: {@code induo.retention.deletions}, tagged {@code kind} (input, output,
 * orphan, job_record) and {@code outcome} (deleted, failed). An image or orphan counts per object, a job
 * record per job.
 */
@ApplicationScoped
public class RetentionDeletions {

    /** What was deleted. */
    public enum Kind {
        INPUT, OUTPUT, ORPHAN, JOB_RECORD;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String METER = "induo.retention.deletions";

    @Inject
    MeterRegistry meters;

    /** One deletion of {@code kind} succeeded. */
    public void deleted(Kind kind) {
        counter(kind, "deleted").increment();
    }

    /** One deletion of {@code kind} failed; it is tried again at a later sweep. */
    public void failed(Kind kind) {
        counter(kind, "failed").increment();
    }

    private Counter counter(Kind kind, String outcome) {
        return Counter.builder(METER).description("Objects and job records deleted by retention")
                .tag("kind", kind.tag()).tag("outcome", outcome).register(meters);
    }
}
