package ai.induo.e2e;

import java.time.Duration;
import java.time.Instant;

/**
 * What KEDA's Prometheus scaler and the HPA it drives decide from the worker's {@code ScaledObject}
 * query in {@code k8s/}, the work there is: {@code induo_jobs_waiting} plus
 * {@code induo_worker_busy_slots}. From 0, one worker as soon as the work is above
 * {@code activationThreshold} (KEDA's activation); while active, the HPA's
 * {@code desired = ceil(work / target)} between 1 and {@code max}, up at once, down by at most one
 * worker per {@code scaleDownPeriod} (the scale-down policy); back to 0 once nothing above the
 * activation threshold was seen for {@code cooldown} (KEDA's {@code cooldownPeriod}). Not
 * thread-safe: one scaler loop calls it.
 */
final class ScalingRule {

    private final double target;
    private final double activationThreshold;
    private final int max;
    private final Duration cooldown;
    private final Duration scaleDownPeriod;
    private Instant lastActive;
    private Instant lastScaleDown = Instant.MIN;

    ScalingRule(double target, double activationThreshold, int max, Duration cooldown, Duration scaleDownPeriod) {
        if (target <= 0 || activationThreshold < 0 || max < 1) {
            throw new IllegalArgumentException("target must be positive, activation not negative and max at least 1");
        }
        this.target = target;
        this.activationThreshold = activationThreshold;
        this.max = max;
        this.cooldown = cooldown;
        this.scaleDownPeriod = scaleDownPeriod;
    }

    /** The workers wanted at {@code now}, with {@code current} of them running or starting and {@code work} jobs waiting or running. */
    int desired(int current, double work, Instant now) {
        boolean active = work > activationThreshold;
        if (active) {
            lastActive = now;
        }
        if (current == 0) {
            return active ? Math.min(max, Math.max(1, hpa(work))) : 0;
        }
        if (!active && lastActive != null && !now.isBefore(lastActive.plus(cooldown))) {
            return 0;
        }
        int wanted = Math.min(max, Math.max(1, hpa(work)));
        if (wanted >= current) {
            return wanted;
        }
        if (now.isBefore(lastScaleDown.plus(scaleDownPeriod))) {
            return current;
        }
        lastScaleDown = now;
        return current - 1;
    }

    private int hpa(double work) {
        return (int) Math.ceil(work / target);
    }
}
