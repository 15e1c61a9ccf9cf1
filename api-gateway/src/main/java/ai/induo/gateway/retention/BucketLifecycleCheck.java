package ai.induo.gateway.retention;

import ai.induo.common.store.ObjectStore;
import ai.induo.common.store.gcs.GcsObjectStore;
import ai.induo.gateway.config.GatewayConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * At start, with the {@code gcs} store: checks that the bucket has a lifecycle rule deleting objects
 * by age, as a backstop should every sweeper stop, and that its age is no shorter than the longest
 * retention (inputs, outputs, and the longest an account may choose), which it would otherwise cut
 * short. Logs a WARN when not; the start goes on.
 */
@ApplicationScoped
public class BucketLifecycleCheck {

    private static final Logger LOG = Logger.getLogger(BucketLifecycleCheck.class);

    @Inject
    ObjectStore store;

    @Inject
    GatewayConfig config;

    void onStart(@Observes StartupEvent event) {
        if (!(store instanceof GcsObjectStore gcs)) {
            return;
        }
        Duration longest = longestRetention(config.retention());
        try {
            warning(gcs.lifecycleDeleteAges(), longest).ifPresent(LOG::warn);
        } catch (IOException e) {
            LOG.warnf("could not read the lifecycle rules of %s (%s): check by hand that a Delete rule with an age of at "
                    + "least %d days exists (docs/configuration.md#retention)", gcs, e.getMessage(), days(longest));
        }
    }

    /** The longest any image is kept: inputs, outputs, or an account's longest output retention. */
    static Duration longestRetention(GatewayConfig.Retention retention) {
        return Stream.of(retention.inputs(), retention.outputs(), Duration.ofHours(OutputRetentions.MAX_HOURS))
                .max(Duration::compareTo).orElseThrow();
    }

    /** What is wrong with a bucket whose Delete rules have these ages, given the longest retention; empty when nothing. */
    static Optional<String> warning(List<Duration> deleteAges, Duration longest) {
        if (deleteAges.isEmpty()) {
            return Optional.of("the bucket has no lifecycle rule deleting objects by age: add one of at least " + days(longest)
                    + " days as a backstop for the retention sweeper (docs/configuration.md#retention)");
        }
        Duration shortest = Collections.min(deleteAges);
        if (shortest.compareTo(longest) < 0) {
            return Optional.of("the bucket's lifecycle rule deletes objects after " + shortest.toDays() + " days, before the "
                    + "longest retention (" + days(longest) + " days) ends: make its age at least " + days(longest) + " days");
        }
        return Optional.empty();
    }

    private static long days(Duration duration) {
        return (duration.toHours() + 23) / 24;
    }
}
