package ai.induo.bench.platform;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * An open-loop arrival schedule: job {@code i} is due {@code i / rate} seconds after the start,
 * whether or not earlier jobs have been answered, so a slow platform faces the same offered load
 * as a fast one (a closed loop would slow down with it and hide its latency).
 *
 * @param ratePerSecond offered jobs a second
 * @param duration      how long jobs are offered
 */
record OpenLoopSchedule(double ratePerSecond, Duration duration) {

    OpenLoopSchedule {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("the rate must be above zero, got " + ratePerSecond);
        }
    }

    /** How many jobs the schedule offers: every due time before the end. */
    int count() {
        return (int) Math.ceil(ratePerSecond * duration.toNanos() / 1e9);
    }

    /** When job {@code i} is due, in nanoseconds after the start. */
    long dueNanos(int i) {
        return Math.round(i * 1e9 / ratePerSecond);
    }

    /**
     * Calls {@code fire} with each job's index at its due time from now, on this thread; a job whose
     * time has passed (the thread was late) fires at once, so the count stays the schedule's.
     */
    void run(IntConsumer fire) {
        long start = System.nanoTime();
        for (int i = 0; i < count(); i++) {
            long wait = start + dueNanos(i) - System.nanoTime();
            while (wait > 0) {
                LockSupport.parkNanos(wait);
                wait = start + dueNanos(i) - System.nanoTime();
            }
            fire.accept(i);
        }
    }
}
