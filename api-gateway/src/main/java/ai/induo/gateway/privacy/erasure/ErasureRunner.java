package ai.induo.gateway.privacy.erasure;

import ai.induo.gateway.account.AccountRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs requested erasures step by step ({@link ErasureStep}, in order), recording each step done in
 * the erasure's document, so a run stopped part-way (a failed step, a gateway killed) goes on from the
 * first step not done: by this gateway after {@code induo.gateway.erasure.retry-after}, or by any
 * gateway once the lease of the one that died has run out. When every step is done the erasure is
 * completed and forgets the account.
 */
@ApplicationScoped
public class ErasureRunner {

    /** Counter of erasure runs, tagged {@code outcome}: {@code completed} or {@code failed}. */
    public static final String RUNS_METER = "induo.erasures.runs";
    private static final Logger LOG = Logger.getLogger(ErasureRunner.class);

    private final ErasureRepository erasures;
    private final AccountRepository accounts;
    private final List<ErasureStep> steps;
    private final ErasureConfig config;
    private final Clock clock;
    private final Counter completed;
    private final Counter failed;

    @Inject
    ErasureRunner(ErasureRepository erasures, AccountRepository accounts, @All List<ErasureStep> steps, ErasureConfig config,
            Clock clock, MeterRegistry meters) {
        this.erasures = erasures;
        this.accounts = accounts;
        this.steps = ordered(steps);
        this.config = config;
        this.clock = clock;
        this.completed = runs(meters, "completed");
        this.failed = runs(meters, "failed");
    }

    /** Runs every erasure due now; how many it completed. */
    public int runDue() {
        return runDue(clock.instant());
    }

    /** Runs every erasure due at {@code now}: requested a grace period before it, held by no gateway. */
    int runDue(Instant now) {
        int done = 0;
        Optional<ErasureEntity> next;
        while ((next = erasures.claimDue(now.minus(config.grace()), now, now.plus(config.lease()))).isPresent()) {
            if (run(next.get(), steps, now)) {
                done++;
            }
        }
        return done;
    }

    /** Runs this erasure with these steps at {@code now}, if no gateway holds it; whether it completed. */
    boolean run(String erasureId, List<ErasureStep> with, Instant now) {
        return erasures.claim(erasureId, now, now.plus(config.lease()))
                .map(erasure -> run(erasure, ordered(with), now))
                .orElse(false);
    }

    private boolean run(ErasureEntity erasure, List<ErasureStep> with, Instant now) {
        ErasureSubject subject = new ErasureSubject(erasure.accountId, accounts.findByIdOptional(erasure.accountId));
        String current = "start";
        try {
            for (ErasureStep step : with) {
                if (erasure.isDone(step.name())) {
                    continue;
                }
                current = step.name();
                Map<String, Long> counts = step.erase(subject);
                erasures.recordStep(erasure.id, step.name(), clock.instant(), counts);
            }
            erasures.complete(erasure.id, clock.instant());
        } catch (IOException | RuntimeException e) {
            failed.increment();
            erasures.recordFailure(erasure.id, current, e.getClass(), now.plus(config.retryAfter()));
            LOG.warnf("erasure %s stopped at step %s (%s); it goes on from there after %s", erasure.id, current,
                    e.getClass().getName(), config.retryAfter());
            return false;
        }
        completed.increment();
        LOG.infof("erasure %s completed", erasure.id);
        return true;
    }

    private static List<ErasureStep> ordered(List<ErasureStep> steps) {
        return steps.stream().sorted(Comparator.comparingInt(ErasureStep::order).thenComparing(ErasureStep::name)).toList();
    }

    private static Counter runs(MeterRegistry meters, String outcome) {
        return Counter.builder(RUNS_METER).description("Erasure runs, by how they ended").tag("outcome", outcome).register(meters);
    }
}
