package ai.induo.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.id.Ids;
import ai.induo.common.image.ImageCodec;
import ai.induo.common.job.JobErrorCode;
import ai.induo.common.job.JobStatus;
import ai.induo.common.queue.JobMessage;
import ai.induo.common.queue.JobQueue;
import ai.induo.platform.job.JobEntity;
import ai.induo.platform.job.JobEntity.StoredImage;
import ai.induo.platform.job.JobEntity.Transition;
import ai.induo.platform.job.JobRepository;
import ai.induo.testing.KafkaTestResource;
import ai.induo.testing.MongoTestResource;
import ai.induo.testing.SampleImages;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class JobProcessingTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);
    private static final int PERSON_WIDTH = 96;
    private static final int PERSON_HEIGHT = 128;
    private static final int PRODUCT_SIZE = 64;

    @Inject
    JobRepository jobs;

    @Inject
    JobQueue queue;

    @Inject
    EncryptedObjectStore objects;

    @Inject
    DeliveryRecorder deliveries;

    @Inject
    StoreHooks storeHooks;

    @Inject
    QueuedJobs queued;

    @Inject
    Clock clock;

    @Test
    void queuedJobSucceedsWithAnEncryptedPngOfThePersonsSize() throws Exception {
        JobEntity job = queued.insert(personPng(), productPng());

        queue.publish(queued.messageFor(job));

        JobEntity done = awaitSettlements(job, "ack");
        assertThat(done.jobStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.attempt).isEqualTo(1);
        assertThat(done.leaseOwner).isNull();
        assertThat(done.outputs).singleElement().satisfies(output -> {
            assertThat(output.role).isEqualTo("output");
            assertThat(output.key).isEqualTo(JobProcessor.outputKey(job.accountId, job.id));
            assertThat(output.contentType).isEqualTo("image/png");
            assertThat(output.width).isEqualTo(PERSON_WIDTH);
            assertThat(output.height).isEqualTo(PERSON_HEIGHT);
        });
        StoredImage output = done.outputs.get(0);
        try (InputStream in = objects.open(output.key)) {
            byte[] png = in.readAllBytes();
            assertThat(png).hasSize((int) output.bytes);
            BufferedImage image = ImageCodec.decode(new ByteArrayInputStream(png));
            assertThat(image.getWidth()).isEqualTo(PERSON_WIDTH);
            assertThat(image.getHeight()).isEqualTo(PERSON_HEIGHT);
        }
    }

    @Test
    void messageDeliveredTwiceYieldsOneOutputAndOneTerminalTransition() throws Exception {
        JobEntity job = queued.insert(personPng(), productPng());
        JobMessage message = queued.messageFor(job);

        queue.publish(message);
        queue.publish(message);

        JobEntity done = awaitSettlements(job, "ack", "ack");
        assertThat(done.jobStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.attempt).isEqualTo(1);
        assertThat(done.transitions).extracting(transition -> transition.to)
                .containsExactly("running", "succeeded");
        assertThat(objects.list(outputsPrefix(job))).containsExactly(JobProcessor.outputKey(job.accountId, job.id));
    }

    @Test
    void messageForAnAlreadySucceededJobIsAcknowledgedWithoutRunningIt() throws Exception {
        JobEntity job = queued.newJob(Ids.newId(Ids.ACCOUNT, clock.instant()), List.of());
        job.status = JobStatus.SUCCEEDED.wireName();
        job.attempt = 1;
        job.transitions.add(new Transition("queued", "running", job.createdAt));
        job.transitions.add(new Transition("running", "succeeded", job.createdAt));
        jobs.persist(job);

        queue.publish(queued.messageFor(job));

        JobEntity after = awaitSettlements(job, "ack");
        assertThat(after.jobStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(after.version).isEqualTo(job.version);
        assertThat(after.attempt).isEqualTo(1);
        assertThat(after.transitions).hasSize(2);
        assertThat(objects.list(outputsPrefix(job))).isEmpty();
    }

    @Test
    void jobRunningUnderAnotherWorkersLiveLeaseIsSkipped() throws Exception {
        JobEntity job = queued.newJob(Ids.newId(Ids.ACCOUNT, clock.instant()), List.of());
        job.status = JobStatus.RUNNING.wireName();
        job.attempt = 1;
        job.leaseOwner = "another-worker";
        job.leaseExpiresAt = clock.instant().plus(Duration.ofMinutes(10));
        jobs.persist(job);

        queue.publish(queued.messageFor(job));

        JobEntity after = awaitSettlements(job, "ack");
        assertThat(after.jobStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(after.leaseOwner).isEqualTo("another-worker");
        assertThat(after.attempt).isEqualTo(1);
        assertThat(after.version).isEqualTo(job.version);
        assertThat(objects.list(outputsPrefix(job))).isEmpty();
    }

    @Test
    void undecodableInputFailsTheJobWithoutRetry() throws Exception {
        JobEntity job = queued.insert("these bytes are not an image".getBytes(StandardCharsets.UTF_8),
                productPng());

        queue.publish(queued.messageFor(job));

        JobEntity done = awaitSettlements(job, "ack");
        assertThat(done.jobStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(done.attempt).isEqualTo(1);
        assertThat(done.errors).singleElement().satisfies(error -> {
            assertThat(error.code).isEqualTo(JobErrorCode.INVALID_INPUT);
            assertThat(error.attempt).isEqualTo(1);
            assertThat(error.message).contains("person image");
        });
        assertThat(done.transitions).extracting(transition -> transition.to).containsExactly("running", "failed");
        assertThat(objects.list(outputsPrefix(job))).isEmpty();
    }

    @Test
    void unreadableInputIsRetriedAfterABackoffUntilTheLastAttemptThenFailsWithAStorageError() {
        String accountId = Ids.newId(Ids.ACCOUNT, clock.instant());
        JobEntity job = queued.newJob(accountId, List.of(
                new StoredImage("person", "accounts/" + accountId + "/missing/person.png", "image/png", 1, 1, 1),
                new StoredImage("product", "accounts/" + accountId + "/missing/product.png", "image/png", 1, 1, 1)));
        jobs.persist(job);

        queue.publish(queued.messageFor(job));

        await().atMost(JOB_TIMEOUT).until(() -> !jobs.findById(job.id).dispatched);
        JobEntity backingOff = jobs.findById(job.id);
        assertThat(backingOff.jobStatus()).isEqualTo(JobStatus.QUEUED);
        assertThat(backingOff.dispatchAfter).isAfter(backingOff.errors.get(0).at);
        assertThat(jobs.claim(job.id, "eager-worker", backingOff.dispatchAfter.minusMillis(1), Duration.ofMinutes(1))).isEmpty();
        await().atMost(JOB_TIMEOUT).until(() -> {
            republishDueJobs();
            return jobs.findById(job.id).jobStatus().isTerminal();
        });
        JobEntity done = awaitSettlements(job, "ack", "ack", "ack");
        assertThat(done.jobStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(done.attempt).isEqualTo(QueuedJobs.MAX_ATTEMPTS);
        assertThat(done.errors).extracting(error -> error.code).containsOnly(JobErrorCode.STORAGE_ERROR);
        assertThat(done.errors).extracting(error -> error.attempt).containsExactly(1, 2, 3);
        assertThat(done.transitions).extracting(transition -> transition.to)
                .containsExactly("running", "queued", "running", "queued", "running", "failed");
    }

    @Test
    void jobCancelledWhileRunningKeepsNoOutputAndStaysCancelled() throws Exception {
        JobEntity job = queued.insert(personPng(), productPng());
        storeHooks.beforePut(JobProcessor.outputKey(job.accountId, job.id),
                () -> jobs.cancel(jobs.findById(job.id), clock.instant()).orElseThrow());

        queue.publish(queued.messageFor(job));

        JobEntity done = awaitSettlements(job, "ack");
        assertThat(done.jobStatus()).isEqualTo(JobStatus.CANCELLED);
        assertThat(done.outputs).isEmpty();
        assertThat(done.transitions).extracting(transition -> transition.to).containsExactly("running", "cancelled");
        assertThat(objects.list(outputsPrefix(job))).isEmpty();
    }

    @Test
    void jobPastItsDeadlineExpiresInsteadOfRunning() throws Exception {
        JobEntity job = queued.newJob(Ids.newId(Ids.ACCOUNT, clock.instant()), List.of());
        job.expiresAt = clock.instant().minusSeconds(1);
        jobs.persist(job);

        queue.publish(queued.messageFor(job));

        JobEntity done = awaitSettlements(job, "ack");
        assertThat(done.jobStatus()).isEqualTo(JobStatus.EXPIRED);
        assertThat(done.attempt).isZero();
        assertThat(done.finishedAt).isNotNull();
        assertThat(done.transitions).extracting(transition -> transition.to).containsExactly("expired");
        assertThat(objects.list(outputsPrefix(job))).isEmpty();
    }

    /** Waits until the job's deliveries were settled as expected and returns the job as stored then. */
    private JobEntity awaitSettlements(JobEntity job, String... expected) {
        await().atMost(JOB_TIMEOUT)
                .until(() -> deliveries.settlements(job.id), settlements -> settlements.size() >= expected.length);
        assertThat(deliveries.settlements(job.id)).containsExactly(expected);
        return jobs.findById(job.id);
    }

    /** What the gateway's dispatch sweeper does: publish queued jobs whose retry backoff is over. */
    private void republishDueJobs() {
        Instant now = clock.instant();
        for (JobEntity due : jobs.findUndispatched(now, now, 10)) {
            queue.publish(JobMessage.of(due.id, due.accountId, QueuedJobs.MODEL, due.attempt + 1, now));
            jobs.markDispatched(due.id, now);
        }
    }

    private static String outputsPrefix(JobEntity job) {
        return "accounts/" + job.accountId + "/jobs/" + job.id + "/outputs/";
    }

    private static byte[] personPng() {
        return SampleImages.personPng(PERSON_WIDTH, PERSON_HEIGHT);
    }

    private static byte[] productPng() {
        return SampleImages.productPng(PRODUCT_SIZE, PRODUCT_SIZE);
    }
}
