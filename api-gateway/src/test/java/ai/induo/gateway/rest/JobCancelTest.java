package ai.induo.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import ai.induo.gateway.Api;
import ai.induo.gateway.WebhookReceiver;
import ai.induo.common.job.Job;
import ai.induo.common.job.JobImage;
import ai.induo.common.job.JobImages;
import ai.induo.common.job.JobStatus;
import ai.induo.common.job.JobStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class JobCancelTest {

    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final Duration CANCEL_DELAY = Duration.ofMillis(700);

    @Inject
    JobStore jobs;

    private Api.Account account;
    private WebhookReceiver receiver;

    @BeforeEach
    void start() throws IOException {
        account = Api.signUp();
        receiver = WebhookReceiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void aQueuedJobIsCancelledAtOnceAndItsWebhookSaysJobCancelled() {
        String id = Api.sampleJob(account).multiPart("webhook_url", hook()).post("/v1/jobs")
                .then().statusCode(202).extract().path("id");

        account.auth().post("/v1/jobs/" + id + "/cancel").then().statusCode(200)
                .body("id", equalTo(id))
                .body("status", equalTo("cancelled"))
                .body("finished_at", notNullValue());

        assertThat(jobs.claim(id, "test-worker", Instant.now(), LEASE)).isEmpty();
        account.auth().get("/v1/jobs/" + id).then().body("status", equalTo("cancelled"));
        await().atMost(SETTLE).until(() -> !receiver.at("/hook").isEmpty());
        assertThat(receiver.at("/hook").get(0).body()).contains("\"type\":\"job.cancelled\"").contains("\"id\":\"" + id + "\"");
    }

    @Test
    void aLongPollWakesWhenTheJobIsCancelled() {
        String id = submit();
        CompletableFuture.runAsync(() -> account.auth().post("/v1/jobs/" + id + "/cancel").then().statusCode(200),
                CompletableFuture.delayedExecutor(CANCEL_DELAY.toMillis(), TimeUnit.MILLISECONDS));
        long started = System.nanoTime();
        account.auth().get("/v1/jobs/" + id + "?wait=30").then().statusCode(200).body("status", equalTo("cancelled"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(SETTLE);
    }

    @Test
    void aRunningJobIsCancelledAndItsWorkersOutcomeIsRefused() {
        String id = submit();
        Job running = jobs.claim(id, "test-worker", Instant.now(), LEASE).orElseThrow();

        account.auth().post("/v1/jobs/" + id + "/cancel").then().statusCode(200).body("status", equalTo("cancelled"));

        assertThat(jobs.extendLease(id, "test-worker", Instant.now().plus(LEASE))).isFalse();
        JobImage output = new JobImage(JobImage.Role.OUTPUT, JobImages.outputKey(account.id(), id, 0), "image/png", 1, 1, 1);
        assertThat(jobs.succeed(running, List.of(output), Instant.now())).isEmpty();
        Job after = jobs.find(id).orElseThrow();
        assertThat(after.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(after.outputs()).isEmpty();
        assertThat(after.transitions()).extracting(transition -> transition.to())
                .containsExactly(JobStatus.RUNNING, JobStatus.CANCELLED);
    }

    @Test
    void aJobThatEndedCannotBeCancelled() {
        String id = submit();
        account.auth().post("/v1/jobs/" + id + "/cancel").then().statusCode(200);

        account.auth().post("/v1/jobs/" + id + "/cancel").then().statusCode(409)
                .body("code", equalTo("job_not_cancellable"));
    }

    @Test
    void anotherAccountsJobIsNotFoundAndStaysQueued() {
        String id = submit();
        Api.Account other = Api.signUp();

        other.auth().post("/v1/jobs/" + id + "/cancel").then().statusCode(404).body("code", equalTo("not_found"));
        account.auth().get("/v1/jobs/" + id).then().body("status", equalTo("queued"));
    }

    @Test
    void cancellingNeedsTheJobsWriteScope() {
        String id = submit();
        String reader = Api.createKey(account, "jobs:read");
        Api.bearer(reader).post("/v1/jobs/" + id + "/cancel").then().statusCode(403)
                .body("code", equalTo("insufficient_scope"));
        account.auth().get("/v1/jobs/" + id).then().body("status", equalTo("queued"));
    }

    private String submit() {
        return Api.sampleJob(account).post("/v1/jobs").then().statusCode(202).extract().path("id");
    }

    private String hook() {
        return receiver.url("/hook");
    }
}
