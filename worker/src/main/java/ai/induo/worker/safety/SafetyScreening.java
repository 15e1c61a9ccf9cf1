package ai.induo.worker.safety;

import ai.induo.common.job.Job;
import ai.induo.common.safety.SafetyCases;
import ai.induo.common.safety.SafetyCheck;
import ai.induo.common.safety.SafetyInput;
import ai.induo.common.safety.SafetySource;
import ai.induo.common.safety.SafetyVerdict;
import ai.induo.worker.config.WorkerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Runs the {@link SafetyCheck} on a job's decoded inputs before inference and opens a safety case
 * when it flags them (privacy policy §2.3: unsafe use is analysed and reported). The job is not
 * held back: it runs and completes as any other, because the policy promises analysis, not
 * refusal, and the built-in rule is too coarse to refuse anyone on. A job run twice opens one case.
 * A failure to check or to open the case is logged and counted, and does not fail the job.
 */
@Singleton
public class SafetyScreening {

    /** Counter of checked jobs, tagged {@code verdict}: {@code clear}, {@code flagged}, {@code failed}. */
    public static final String CHECKS_METER = "induo.worker.safety.checks";

    private static final Logger LOG = Logger.getLogger(SafetyScreening.class);

    private final SafetyCheck check;
    private final SafetyCases cases;
    private final boolean enabled;
    private final Counter clear;
    private final Counter flagged;
    private final Counter failed;

    SafetyScreening(SafetyCheck check, SafetyCases cases, WorkerConfig config, MeterRegistry registry) {
        this.check = check;
        this.cases = cases;
        this.enabled = config.safety().enabled();
        this.clear = counter(registry, "clear");
        this.flagged = counter(registry, "flagged");
        this.failed = counter(registry, "failed");
    }

    /** Checks the job's inputs, and opens a case for them when they are flagged. */
    public void screen(Job job, BufferedImage person, List<BufferedImage> products) {
        if (!enabled) {
            return;
        }
        try {
            SafetyInput input = new SafetyInput(person, products);
            SafetyVerdict verdict = check.check(input);
            if (verdict.category().isEmpty()) {
                clear.increment();
                return;
            }
            flagged.increment();
            if (cases.hasOpenCase(job.id())) {
                LOG.debugf("Job %s is flagged again; its open safety case stands", job.id());
                return;
            }
            String caseId = cases.open(SafetySource.RULE, verdict.category().get(), job.accountId(), job.id(), input).id();
            LOG.infof("Job %s was flagged by the safety check (%s); opened safety case %s", job.id(),
                    verdict.category().get().wireName(), caseId);
        } catch (IOException | RuntimeException e) {
            failed.increment();
            LOG.errorf(e, "The safety check of job %s failed; the job runs on without a safety case", job.id());
        }
    }

    private static Counter counter(MeterRegistry registry, String verdict) {
        return Counter.builder(CHECKS_METER)
                .description("Jobs the safety check looked at, by verdict")
                .tag("verdict", verdict)
                .register(registry);
    }
}
