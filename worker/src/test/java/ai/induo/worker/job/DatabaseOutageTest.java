package ai.induo.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.induo.common.job.Job;
import ai.induo.common.job.JobStatus;
import ai.induo.common.job.JobStore;
import ai.induo.common.job.JobTransition;
import ai.induo.common.queue.JobQueue;
import ai.induo.testing.KafkaTestResource;
import ai.induo.testing.MongoTestResource;
import ai.induo.testing.SampleImages;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A database outage while a job's message is delivered: the worker holds each delivery it cannot
 * record for a growing pause before releasing it, so a 10 s outage does not use up the message's
 * deliveries (5), and the job runs once the database is back.
 */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@TestProfile(DatabaseOutageTest.ProductionBackoff.class)
class DatabaseOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final Duration SETTLE = Duration.ofSeconds(60);

    /** The production retry backoff and a database client that gives up after 1 s. */
    public static class ProductionBackoff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "induo.jobs.retry.initial-delay", "2S",
                    "induo.jobs.retry.max-delay", "20S",
                    "quarkus.mongodb.server-selection-timeout", "1S");
        }
    }

    @Inject
    JobStore jobs;

    @Inject
    JobQueue queue;

    @Inject
    QueuedJobs queued;

    @Inject
    DeliveryRecorder deliveries;

    @Test
    void aJobDeliveredDuringATenSecondOutageRunsOnceTheDatabaseIsBack() throws IOException {
        Job job = queued.insert(SampleImages.personPng(64, 96), SampleImages.productPng(32, 32));
        MongoTestResource.stopServer();
        Instant stopped = Instant.now();
        try {
            queue.publish(queued.messageFor(job));
            await().atMost(SETTLE).until(() -> deliveries.settlements(job.id()).contains("release"));
            await().atMost(OUTAGE.plusSeconds(5)).until(() -> Duration.between(stopped, Instant.now()).compareTo(OUTAGE) >= 0);
        } finally {
            MongoTestResource.restartServer();
        }

        await().atMost(SETTLE).until(() -> deliveries.settlements(job.id()).contains("ack"));
        assertThat(jobs.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
        List<String> settlements = deliveries.settlements(job.id());
        assertThat(settlements).last().isEqualTo("ack");
        assertThat(settlements).filteredOn("release"::equals).hasSizeBetween(1, 4);
        assertThat(jobs.find(job.id()).orElseThrow().transitions()).extracting(JobTransition::to)
                .containsExactly(JobStatus.RUNNING, JobStatus.SUCCEEDED);
    }
}
