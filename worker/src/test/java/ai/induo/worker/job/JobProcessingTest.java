package ai.induo.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.image.ImageCodec;
import ai.induo.common.job.Job;
import ai.induo.common.job.JobError;
import ai.induo.common.job.JobErrorCode;
import ai.induo.common.job.JobFixtures;
import ai.induo.common.job.JobImage;
import ai.induo.common.job.JobImages;
import ai.induo.common.job.JobStatus;
import ai.induo.common.job.JobStore;
import ai.induo.common.job.JobTransition;
import ai.induo.common.queue.JobMessage;
import ai.induo.common.queue.JobQueue;
import ai.induo.common.store.ObjectStore;
import ai.induo.testing.KafkaTestResource;
import ai.induo.testing.MongoTestResource;
import ai.induo.testing.SampleImages;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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
    JobStore jobs;

    @Inject
    JobQueue queue;

    @Inject
    EncryptedObjectStore objects;

    @Inject
    ObjectStore storage;

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
        Job job = queued.insert(personPng(), productPng());

        queue.publish(queued.messageFor(job));

        Job done = awaitSettlements(job, "ack");
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.attempt()).isEqualTo(1);
        assertThat(done.leaseOwner()).isNull();
        assertThat(done.outputs()).singleElement().satisfies(output -> {
            assertThat(output.role()).isEqualTo(JobImage.Role.OUTPUT);
            assertThat(output.key()).isEqualTo(JobImages.outputKey(job.accountId(), job.id(), 0));
            assertThat(output.contentType()).isEqualTo("image/png");
            assertThat(output.width()).isEqualTo(PERSON_WIDTH);
            assertThat(output.height()).isEqualTo(PERSON_HEIGHT);
        });
        JobImage output = done.outputs().get(0);
        try (InputStream in = objects.open(done.accountId(), output.key())) {
            byte[] png = in.readAllBytes();
            assertThat(png).hasSize((int) output.bytes());
            BufferedImage image = ImageCodec.decode(new ByteArrayInputStream(png));
            assertThat(image.getWidth()).isEqualTo(PERSON_WIDTH);
            assertThat(image.getHeight()).isEqualTo(PERSON_HEIGHT);
        }
    }

    @Test
    void messageDeliveredTwiceYieldsOneOutputAndOneTerminalTransition() throws Exception {
        Job job = queued.insert(personPng(), productPng());
        JobMessage message = queued.messageFor(job);

        queue.publish(message);
        queue.publish(message);

        Job done = awaitSettlements(job, "ack", "ack");
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.attempt()).isEqualTo(1);
        assertThat(statuses(done)).containsExactly(JobStatus.RUNNING, JobStatus.SUCCEEDED);
        assertThat(objects.list(outputsPrefix(job))).containsExactly(JobImages.outputKey(job.accountId(), job.id(), 0));
    }

    @Test
    void messageForAnAlreadySucceededJobIsAcknowledgedWithoutRunningIt() throws Exception {
        Job job = queued.insert(JobFixtures.aSucceededJob(clock.instant()));

        queue.publish(queued.messageFor(job));

        Job after = awaitSettlements(job, "ack");
        assertThat(after).isEqualTo(job);
        assertThat(objects.list(outputsPrefix(job))).isEmpty();
    }

    @Test
    void jobRunningUnderAnotherWorkersLiveLeaseIsSkipped() throws Exception {
        Job job = queued.insert(JobFixtures.aRunningJob(clock.instant()).toBuilder()
                .leaseOwner("another-worker").leaseExpiresAt(clock.instant().plus(Duration.ofMinutes(10))).build());

        queue.publish(JobMessage.of(job.id(), job.accountId(), job.model(), 1, clock.instant()));

        Job after = awaitSettlements(job, "ack");
        assertThat(after).isEqualTo(job);
        assertThat(objects.list(outputsPrefix(job))).isEmpty();
    }

    @Test
    void undecodableInputFailsTheJobWithoutRetry() throws Exception {
        Job job = queued.insert("these bytes are not an image".getBytes(StandardCharsets.UTF_8), productPng());

        queue.publish(queued.messageFor(job));

        Job done = awaitSettlements(job, "ack");
        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.attempt()).isEqualTo(1);
        assertThat(done.errors()).singleElement().satisfies(error -> {
            assertThat(error.code()).isEqualTo(JobErrorCode.INVALID_INPUT);
            assertThat(error.attempt()).isEqualTo(1);
            assertThat(error.message()).contains("person image");
        });
        assertThat(statuses(done)).containsExactly(JobStatus.RUNNING, JobStatus.FAILED);
        assertThat(objects.list(outputsPrefix(job))).isEmpty();
    }

    @Test
    void anInputCopiedFromAnotherJobOfTheAccountFailsTheJobWithoutRetry() throws Exception {
        Job source = queued.insert(personPng(), productPng());
        Job job = queued.insert(JobFixtures.aQueuedJob(source.accountId(), clock.instant()), personPng(), productPng());
        copyInput(JobImages.person(source).orElseThrow(), JobImages.person(job).orElseThrow());

        queue.publish(queued.messageFor(job));

        assertFailedAtOnceAsInvalidInput(awaitSettlements(job, "ack"), "person image");
    }

    @Test
    void anInputCopiedFromAnotherAccountsJobFailsTheJobWithoutRetry() throws Exception {
        Job source = queued.insert(personPng(), productPng());
        Job job = queued.insert(personPng(), productPng());
        copyInput(JobImages.products(source).get(0), JobImages.products(job).get(0));

        queue.publish(queued.messageFor(job));

        assertFailedAtOnceAsInvalidInput(awaitSettlements(job, "ack"), "product image");
    }

    @Test
    void unreadableInputIsRetriedAfterABackoffUntilTheLastAttemptThenFailsWithAStorageError() {
        Job job = queued.insert(JobFixtures.aQueuedJob(clock.instant()));

        queue.publish(queued.messageFor(job));

        await().atMost(JOB_TIMEOUT).until(() -> !jobs.find(job.id()).orElseThrow().dispatched());
        Job backingOff = jobs.find(job.id()).orElseThrow();
        assertThat(backingOff.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(backingOff.dispatchAfter()).isAfter(backingOff.errors().get(0).at());
        assertThat(jobs.claim(job.id(), "eager-worker", backingOff.dispatchAfter().minusMillis(1), Duration.ofMinutes(1)))
                .isEmpty();
        await().atMost(JOB_TIMEOUT).until(() -> {
            queued.republishWhenDue(job.id());
            return jobs.find(job.id()).orElseThrow().status().isTerminal();
        });
        Job done = awaitSettlements(job, "ack", "ack", "ack");
        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.attempt()).isEqualTo(JobFixtures.MAX_ATTEMPTS);
        assertThat(done.errors()).extracting(JobError::code).containsOnly(JobErrorCode.STORAGE_ERROR);
        assertThat(done.errors()).extracting(JobError::attempt).containsExactly(1, 2, 3);
        assertThat(statuses(done)).containsExactly(JobStatus.RUNNING, JobStatus.QUEUED, JobStatus.RUNNING,
                JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.FAILED);
    }

    @Test
    void jobCancelledWhileRunningKeepsNoOutputAndStaysCancelled() throws Exception {
        Job job = queued.insert(personPng(), productPng());
        storeHooks.beforePut(JobImages.outputKey(job.accountId(), job.id(), 0),
                () -> jobs.cancel(jobs.find(job.id()).orElseThrow(), clock.instant()).orElseThrow());

        queue.publish(queued.messageFor(job));

        Job done = awaitSettlements(job, "ack");
        assertThat(done.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(done.outputs()).isEmpty();
        assertThat(statuses(done)).containsExactly(JobStatus.RUNNING, JobStatus.CANCELLED);
        assertThat(objects.list(outputsPrefix(job))).isEmpty();
    }

    @Test
    void jobPastItsDeadlineExpiresInsteadOfRunning() throws Exception {
        Job job = queued.insert(JobFixtures.aJobPastItsDeadline(clock.instant()));

        queue.publish(queued.messageFor(job));

        Job done = awaitSettlements(job, "ack");
        assertThat(done.status()).isEqualTo(JobStatus.EXPIRED);
        assertThat(done.attempt()).isZero();
        assertThat(done.finishedAt()).isNotNull();
        assertThat(statuses(done)).containsExactly(JobStatus.EXPIRED);
        assertThat(objects.list(outputsPrefix(job))).isEmpty();
    }

    private void assertFailedAtOnceAsInvalidInput(Job done, String image) throws IOException {
        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.attempt()).isEqualTo(1);
        assertThat(done.errors()).singleElement().satisfies(error -> {
            assertThat(error.code()).isEqualTo(JobErrorCode.INVALID_INPUT);
            assertThat(error.message()).contains(image).contains("copied from elsewhere");
        });
        assertThat(statuses(done)).containsExactly(JobStatus.RUNNING, JobStatus.FAILED);
        assertThat(objects.list(outputsPrefix(done))).isEmpty();
    }

    /** Copies an input's bytes as they lie in storage over another input, as someone with bucket access could. */
    private void copyInput(JobImage from, JobImage to) throws IOException {
        try (InputStream in = storage.open(from.key())) {
            storage.put(to.key(), in::transferTo);
        }
    }

    /** Waits until the job's deliveries were settled as expected and returns the job as stored then. */
    private Job awaitSettlements(Job job, String... expected) {
        await().atMost(JOB_TIMEOUT)
                .until(() -> deliveries.settlements(job.id()), settlements -> settlements.size() >= expected.length);
        assertThat(deliveries.settlements(job.id())).containsExactly(expected);
        return jobs.find(job.id()).orElseThrow();
    }

    private static List<JobStatus> statuses(Job job) {
        return job.transitions().stream().map(JobTransition::to).toList();
    }

    private static String outputsPrefix(Job job) {
        return JobImages.prefix(job.accountId(), job.id()) + "outputs/";
    }

    private static byte[] personPng() {
        return SampleImages.personPng(PERSON_WIDTH, PERSON_HEIGHT);
    }

    private static byte[] productPng() {
        return SampleImages.productPng(PRODUCT_SIZE, PRODUCT_SIZE);
    }
}
