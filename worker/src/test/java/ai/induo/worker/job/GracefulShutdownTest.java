package ai.induo.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.induo.common.job.Job;
import ai.induo.common.job.JobError;
import ai.induo.common.job.JobImages;
import ai.induo.common.job.JobStatus;
import ai.induo.common.job.JobStore;
import ai.induo.common.queue.Delivery;
import ai.induo.common.queue.JobQueue;
import ai.induo.testing.KafkaTestResource;
import ai.induo.testing.MongoTestResource;
import ai.induo.testing.SampleImages;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A worker with two jobs at a time: while both are busy it claims no third, so another worker gets
 * the rest. And what it does on SIGTERM (Quarkus' shutdown event): it stops taking jobs, lets the
 * job that finishes within the grace period finish, puts the one that does not back in the queue,
 * and closes its subscription so that job's message goes to another worker.
 */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@TestProfile(GracefulShutdownTest.ShortGrace.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GracefulShutdownTest {

    private static final Duration GRACE = Duration.ofSeconds(3);
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final Duration HOLD_AT_MOST = Duration.ofSeconds(60);
    private static final int RENEWALS_WHILE_WAITING = 3;
    /**
     * Shorter than the broker's record lock (30 s): a message a busy member took would reach
     * another worker only once its lock expired.
     */
    private static final Duration BEFORE_A_HOARDED_LOCK_EXPIRES = Duration.ofSeconds(20);

    /** Two jobs at a time and a short shutdown grace period. */
    public static class ShortGrace implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("induo.worker.concurrency", "2", "induo.worker.shutdown-grace", "3S");
        }
    }

    @Inject
    WorkerLifecycle consumer;

    @Inject
    JobStore jobs;

    @Inject
    JobQueue queue;

    @Inject
    StoreHooks storeHooks;

    @Inject
    QueuedJobs queued;

    /** Runs before the shutdown test, which stops this worker. */
    @Test
    @Order(1)
    void aBusyWorkerClaimsNoMoreThanItsConcurrencySoAnotherWorkerGetsTheRest() throws Exception {
        CountDownLatch mayFinish = new CountDownLatch(1);
        List<Job> busy = List.of(
                queued.insert(SampleImages.personPng(64, 96), SampleImages.productPng(32, 32)),
                queued.insert(SampleImages.personPng(64, 96), SampleImages.productPng(32, 32)));
        busy.forEach(job -> storeHooks.beforePut(JobImages.outputKey(job.accountId(), job.id(), 0),
                () -> awaitQuietly(mayFinish)));
        try {
            for (Job job : busy) {
                queue.publish(queued.messageFor(job));
            }
            await().atMost(SETTLE).until(() -> busy.stream().allMatch(job -> status(job) == JobStatus.RUNNING));
            List<Job> more = List.of(
                    queued.insert(SampleImages.personPng(64, 96), SampleImages.productPng(32, 32)),
                    queued.insert(SampleImages.personPng(64, 96), SampleImages.productPng(32, 32)));
            for (Job job : more) {
                queue.publish(queued.messageFor(job));
            }
            awaitLeaseRenewals(busy, RENEWALS_WHILE_WAITING);

            Queue<String> takenByAnother = new ConcurrentLinkedQueue<>();
            try (JobQueue.Subscription another = queue.subscribe(2, delivery -> {
                takenByAnother.add(delivery.message().jobId());
                delivery.ack();
            })) {
                await().atMost(BEFORE_A_HOARDED_LOCK_EXPIRES)
                        .until(() -> takenByAnother.containsAll(more.stream().map(Job::id).toList()));
            }
            assertThat(more).allSatisfy(job -> assertThat(status(job)).isEqualTo(JobStatus.QUEUED));
        } finally {
            mayFinish.countDown();
        }
        await().atMost(SETTLE).until(() -> busy.stream().allMatch(job -> status(job) == JobStatus.SUCCEEDED));
    }

    @Test
    @Order(2)
    void shutdownFinishesTheJobThatEndsInTimeAndGivesTheOtherBackToTheQueue() throws Exception {
        CountDownLatch quickMayFinish = new CountDownLatch(1);
        CountDownLatch stuckMayFinish = new CountDownLatch(1);
        Job quick = queued.insert(SampleImages.personPng(64, 96), SampleImages.productPng(32, 32));
        Job stuck = queued.insert(SampleImages.personPng(64, 96), SampleImages.productPng(32, 32));
        storeHooks.beforePut(JobImages.outputKey(quick.accountId(), quick.id(), 0), () -> awaitQuietly(quickMayFinish));
        storeHooks.beforePut(JobImages.outputKey(stuck.accountId(), stuck.id(), 0), () -> awaitQuietly(stuckMayFinish));
        try {
            queue.publish(queued.messageFor(quick));
            queue.publish(queued.messageFor(stuck));
            await().atMost(SETTLE).until(() -> status(quick) == JobStatus.RUNNING
                    && status(stuck) == JobStatus.RUNNING);

            long started = System.nanoTime();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> consumer.onStop(new ShutdownEvent()));
            await().atMost(SETTLE).until(() -> !consumer.isConsuming());
            Job late = queued.insert(SampleImages.personPng(64, 96), SampleImages.productPng(32, 32));
            queue.publish(queued.messageFor(late));
            quickMayFinish.countDown();
            stopping.get(SETTLE.toSeconds(), TimeUnit.SECONDS);
            Duration stoppedAfter = Duration.ofNanos(System.nanoTime() - started);

            assertThat(stoppedAfter).isGreaterThanOrEqualTo(GRACE);
            assertThat(status(quick)).isEqualTo(JobStatus.SUCCEEDED);
            Job givenBack = jobs.find(stuck.id()).orElseThrow();
            assertThat(givenBack.status()).isEqualTo(JobStatus.QUEUED);
            assertThat(givenBack.errors()).extracting(JobError::message).containsExactly("The worker stopped before the job finished");
            assertThat(status(late)).isEqualTo(JobStatus.QUEUED);

            Queue<Delivery> redelivered = new ConcurrentLinkedQueue<>();
            try (JobQueue.Subscription another = queue.subscribe(2, delivery -> {
                redelivered.add(delivery);
                delivery.ack();
            })) {
                await().atMost(SETTLE).until(() -> redelivered.stream().map(delivery -> delivery.message().jobId())
                        .toList().containsAll(List.of(stuck.id(), late.id())));
            }
        } finally {
            stuckMayFinish.countDown();
        }
    }

    /**
     * Waits until each job's lease (and with it its message's lock) has been renewed this many
     * times: each renewal is a round trip of the busy member with the broker while messages wait.
     */
    private void awaitLeaseRenewals(List<Job> running, int renewals) {
        Map<String, Set<Instant>> seen = new ConcurrentHashMap<>();
        await().atMost(SETTLE).until(() -> running.stream().allMatch(job -> {
            Set<Instant> expiries = seen.computeIfAbsent(job.id(), id -> ConcurrentHashMap.newKeySet());
            expiries.add(jobs.find(job.id()).orElseThrow().leaseExpiresAt());
            return expiries.size() > renewals;
        }));
    }

    private JobStatus status(Job job) {
        return jobs.find(job.id()).orElseThrow().status();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(HOLD_AT_MOST.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
