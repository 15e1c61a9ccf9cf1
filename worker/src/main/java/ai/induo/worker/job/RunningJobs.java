package ai.induo.worker.job;

import ai.induo.common.job.Job;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What this worker is doing, for a clean shutdown: how many deliveries are being handled, which
 * claimed jobs run, whether new deliveries may still be claimed, and which jobs were given back.
 * Thread-safe.
 */
@Singleton
public class RunningJobs {

    /** Guards the state below; {@link #awaitIdle} waits on it. */
    private final Object lock = new Object();
    /** Claimed jobs not finished yet, by id. */
    private final Map<String, Job> running = new HashMap<>();
    /** Jobs given back at shutdown: their processing must not settle their delivery. */
    private final Map<String, Job> givenBack = new HashMap<>();
    /** Deliveries being handled, from before their claim until they are settled. */
    private int busy;
    private boolean claiming = true;
    private boolean givingBack;

    /** Starts handling a delivery; false once shutdown stopped claiming, and then nothing was counted. */
    boolean enter() {
        synchronized (lock) {
            if (!claiming) {
                return false;
            }
            busy++;
            return true;
        }
    }

    /** The delivery {@link #enter} counted is handled. */
    void exit() {
        synchronized (lock) {
            busy--;
            lock.notifyAll();
        }
    }

    /** Records a claimed job as running; false when shutdown is giving running jobs back. */
    boolean register(Job job) {
        synchronized (lock) {
            running.put(job.id(), job);
            return !givingBack;
        }
    }

    /** The job's processing ended; true when it was given back meanwhile, so its delivery stays unsettled. */
    boolean unregister(Job job) {
        synchronized (lock) {
            running.remove(job.id());
            return givenBack.remove(job.id()) != null;
        }
    }

    /** Deliveries being handled now: the job slots in use. */
    public int busy() {
        synchronized (lock) {
            return busy;
        }
    }

    /** False once shutdown stopped claiming. */
    public boolean claiming() {
        synchronized (lock) {
            return claiming;
        }
    }

    /** Stops claiming: deliveries that arrive from now on are left unsettled. */
    void stopClaiming() {
        synchronized (lock) {
            claiming = false;
        }
    }

    /** Waits until no delivery is being handled, at most {@code timeout}; true when none is. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            for (long left = timeout.toNanos(); busy > 0 && left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return busy == 0;
        }
    }

    /** Marks every running job as given back and answers them; a job registered from now on is refused. */
    List<Job> giveBackAll() {
        synchronized (lock) {
            givingBack = true;
            givenBack.putAll(running);
            return List.copyOf(running.values());
        }
    }

    /** Marks one job as given back (it was claimed while shutdown gave jobs back). */
    void markGivenBack(Job job) {
        synchronized (lock) {
            givenBack.put(job.id(), job);
        }
    }
}
