package ai.induo.gateway.health;

import ai.induo.common.crypto.MasterKey;
import ai.induo.common.crypto.MasterKeyUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the master key can wrap (check {@code master-key}): accepting a job needs it beside
 * the database, since an account's first submission wraps the account's new key and a sign-up its
 * webhook secret. The probe wraps a few fixed bytes. A success stands for {@link #REUSE}, so a master
 * key in Cloud KMS is not called on every probe, however often {@code /q/health} is asked; a failure
 * is not kept, so the gateway is ready again at the first probe after KMS answers.
 */
@Readiness
@ApplicationScoped
public class MasterKeyReadinessCheck implements HealthCheck {

    /** How long a successful probe stands for the next ones. */
    public static final Duration REUSE = Duration.ofSeconds(10);
    static final String NAME = "master-key";

    private static final byte[] PROBE = "induo".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PROBE_CONTEXT = "induo readiness probe".getBytes(StandardCharsets.US_ASCII);

    private final MasterKey masterKey;
    private final Clock clock;
    private volatile Success last;

    MasterKeyReadinessCheck(MasterKey masterKey, Clock clock) {
        this.masterKey = masterKey;
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        Instant now = clock.instant();
        Success success = last;
        if (success != null && now.isBefore(success.at().plus(REUSE))) {
            return success.response();
        }
        HealthCheckResponse response = probe();
        if (response.getStatus() == HealthCheckResponse.Status.UP) {
            last = new Success(response, now);
        }
        return response;
    }

    private HealthCheckResponse probe() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).withData("key", masterKey.id());
        try {
            masterKey.wrap(PROBE, PROBE_CONTEXT);
            return response.up().build();
        } catch (MasterKeyUnavailableException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return response.down().withData("error", cause.getClass().getSimpleName()).build();
        }
    }

    private record Success(HealthCheckResponse response, Instant at) {
    }
}
