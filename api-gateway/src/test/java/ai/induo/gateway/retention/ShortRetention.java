package ai.induo.gateway.retention;

import ai.induo.gateway.AdjustableClock;
import java.util.Map;

/**
 * The retention tests' profile: retention of seconds, so the scheduled sweep runs within a test, and an
 * adjustable clock for the tests that need hours or days to pass (they call the sweepers themselves); one orphan sweep walks the whole listing.
 */
public class ShortRetention extends AdjustableClock.Profile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "induo.gateway.retention.inputs", "1S",
                "induo.gateway.retention.outputs", "3S",
                "induo.gateway.retention.sweep-every", "1S",
                "induo.gateway.retention.orphan-keys-per-sweep", "1000000");
    }
}
