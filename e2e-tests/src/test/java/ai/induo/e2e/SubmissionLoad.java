package ai.induo.e2e;

import ai.induo.e2e.CarefulClient.Account;
import ai.induo.e2e.CarefulClient.Submission;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Submits the run's jobs from several client threads, one account each, at a steady rate over all
 * of them: a new submission starts only when the pacer has released a permit for it, so the jobs
 * spread over the time the faults are injected. Each submission is retried by the careful client.
 */
final class SubmissionLoad implements AutoCloseable {

    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    /** What one client thread submits: its account and the job body for a job index. */
    interface JobBodies {
        byte[] body(int clientIndex, int jobIndex);
    }

    private final CarefulClient client;
    private final List<Account> accounts;
    private final JobBodies bodies;
    private final int jobs;
    private final double rate;
    private final Semaphore permits = new Semaphore(0);
    private final AtomicInteger next = new AtomicInteger();
    private final Queue<Submission> submissions = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService clients;

    SubmissionLoad(CarefulClient client, List<Account> accounts, JobBodies bodies, ChaosSettings settings) {
        this.client = client;
        this.accounts = List.copyOf(accounts);
        this.bodies = bodies;
        this.jobs = settings.jobs();
        this.rate = settings.submitRate();
        this.clients = Executors.newFixedThreadPool(accounts.size());
    }

    void start() {
        pacer.scheduleAtFixedRate(permits::release, 0, Math.round(NANOS_PER_SECOND / rate), TimeUnit.NANOSECONDS);
        for (int i = 0; i < accounts.size(); i++) {
            int clientIndex = i;
            clients.execute(() -> submitUntilAllTaken(clientIndex));
        }
        clients.shutdown();
    }

    /** True once every job was submitted and answered (or given up on). */
    boolean done() {
        return clients.isTerminated();
    }

    /** Waits until {@link #done()}, at most {@code timeout}; true when done. */
    boolean awaitDone(Duration timeout) throws InterruptedException {
        return clients.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How long the load takes at its rate, without retries. */
    Duration plannedDuration() {
        return Duration.ofNanos(Math.round(jobs * NANOS_PER_SECOND / rate));
    }

    /** The submissions answered so far. */
    List<Submission> submissions() {
        return List.copyOf(submissions);
    }

    /** The ids of the jobs accepted so far. */
    List<String> acceptedJobIds() {
        return submissions.stream().filter(Submission::accepted).map(submission -> submission.jobId).toList();
    }

    @Override
    public void close() {
        pacer.shutdownNow();
        clients.shutdownNow();
    }

    private void submitUntilAllTaken(int clientIndex) {
        Account account = accounts.get(clientIndex);
        for (int job = next.getAndIncrement(); job < jobs; job = next.getAndIncrement()) {
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            submissions.add(client.submit(account, job, bodies.body(clientIndex, job)));
        }
    }
}
