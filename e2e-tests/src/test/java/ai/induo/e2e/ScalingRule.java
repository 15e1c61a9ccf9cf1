package ai.induo.e2e;

import java.time.Duration;
import java.time.Instant;

/**
 * What KEDA's Prometheus scaler and the HPA it drives decide from {@code induo_jobs_waiting}, as the
 * worker's {@code ScaledObject} in {@code k8s/} configures them: from 0, one worker as soon as more
 * than {@code activationThreshold} jobs wait (KEDA's activation); while active, the HPA's
 * {@code desired = ceil(waiting / target)} between 1 and {@code max}, up at once, down by at most one
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

    /** The workers wanted at {@code now}, with {@code current} of them running or starting and {@code waiting} jobs. */
    int desired(int current, double waiting, Instant now) {
        boolean active = waiting > activationThreshold;
        if (active) {
            lastActive = now;
        }
        if (current == 0) {
            return active ? Math.min(max, Math.max(1, hpa(waiting))) : 0;
        }
        if (!active && lastActive != null && !now.isBefore(lastActive.plus(cooldown))) {
            return 0;
        }
        int wanted = Math.min(max, Math.max(1, hpa(waiting)));
        if (wanted >= current) {
            return wanted;
        }
        if (now.isBefore(lastScaleDown.plus(scaleDownPeriod))) {
            return current;
        }
        lastScaleDown = now;
        return current - 1;
    }

    private int hpa(double waiting) {
        return (int) Math.ceil(waiting / target);
    }
}
