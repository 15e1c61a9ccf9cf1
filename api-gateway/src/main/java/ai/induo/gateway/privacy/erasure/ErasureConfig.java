package ai.induo.gateway.privacy.erasure;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Account erasure: when the sweeper runs the steps of a requested erasure ({@link ErasureRunner}). */
@ConfigMapping(prefix = "induo.gateway.erasure")
public interface ErasureConfig {

    /** How often the sweeper looks for erasures to run or resume. */
    @WithDefault("10S")
    Duration sweepEvery();

    /**
     * How long after the request the steps start: requests the account's key or session authenticated
     * just before the erasure (an upload, a request-log entry still in memory) end before their records
     * are deleted.
     */
    @WithDefault("2M")
    Duration grace();

    /**
     * How long a gateway holds an erasure it runs; one that died holding it is resumed by another
     * gateway once this has passed.
     */
    @WithDefault("5M")
    Duration lease();

    /** How long an erasure whose step failed waits before it is tried again. */
    @WithDefault("1M")
    Duration retryAfter();
}
