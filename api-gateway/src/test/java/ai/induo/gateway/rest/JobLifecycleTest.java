package ai.induo.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import ai.induo.common.job.JobStore;
import ai.induo.common.webhook.WebhookSigner;
import ai.induo.gateway.ActingWorker;
import ai.induo.gateway.Api;
import ai.induo.gateway.WebhookReceiver;
import ai.induo.gateway.completion.CompletionRepository;
import ai.induo.gateway.job.JobOutboxRepository;
import ai.induo.gateway.output.OutputUrls;
import ai.induo.testing.SampleImages;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway's side of a job's life, with the worker's part played by the test through the same lifecycle. */
@QuarkusTest
class JobLifecycleTest {

    @Inject
    JobStore jobs;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Inject
    ActingWorker worker;

    @Inject
    CompletionRepository completions;

    @Inject
    JobOutboxRepository outbox;

    @Inject
    OutputUrls outputUrls;

    private Api.Account account;
    private WebhookReceiver receiver;

    @BeforeEach
    void startReceiver() throws IOException {
        account = Api.signUp();
        receiver = WebhookReceiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void aSucceededJobShowsASignedOutputUrlThatStreamsTheDecryptedImage() {
        String id = submit(null);
        byte[] png = SampleImages.personPng(96, 128);
        worker.succeedWithOutput(id, png, 96, 128);

        String url = account.auth().get("/v1/jobs/" + id).then().statusCode(200)
                .body("status", equalTo("succeeded"))
                .body("region", equalTo("local"))
                .body("outputs[0].content_type", equalTo("image/png"))
                .extract().path("outputs[0].url");
        byte[] downloaded = given().urlEncodingEnabled(false).get(Api.pathAndQuery(url)).then().statusCode(200)
                .contentType("image/png").extract().asByteArray();
        assertThat(downloaded).isEqualTo(png);

        String tampered = Api.pathAndQuery(url).replace("/0?", "/1?");
        given().urlEncodingEnabled(false).get(tampered).then().statusCode(403).body("code", equalTo("invalid_signature"));
        String otherExpiry = Api.pathAndQuery(url).replaceAll("expires=\\d+", "expires=9999999999");
        given().urlEncodingEnabled(false).get(otherExpiry).then().statusCode(403).body("code", equalTo("invalid_signature"));

        String expired = Api.pathAndQuery(outputUrls.signUntil(id, 0, Instant.now().minusSeconds(5)).url());
        given().urlEncodingEnabled(false).get(expired).then().statusCode(410).body("code", equalTo("url_expired"));
    }

    @Test
    void aLongPollReturnsAsSoonAsTheJobEnds() {
        String id = submit(null);
        CompletableFuture.runAsync(() -> worker.succeedWithOutput(id, SampleImages.personPng(32, 32), 32, 32),
                CompletableFuture.delayedExecutor(700, TimeUnit.MILLISECONDS));
        long started = System.nanoTime();
        account.auth().get("/v1/jobs/" + id + "?wait=30").then().statusCode(200).body("status", equalTo("succeeded"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aLongPollOnAJobThatDoesNotEndReturnsItAfterTheWait() {
        String id = submit(null);
        long started = System.nanoTime();
        account.auth().get("/v1/jobs/" + id + "?wait=1").then().statusCode(200).body("status", equalTo("queued"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void theWebhookIsSignedAndRetriedWithTheSameIdUntilTheReceiverAccepts() throws Exception {
        receiver.failFirst("/hook", 2);
        String hook = receiver.url("/hook");
        String id = submit(hook);
        worker.succeedWithOutput(id, SampleImages.personPng(32, 32), 32, 32);

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.at("/hook").size() >= 3);
        List<WebhookReceiver.Received> received = receiver.at("/hook");
        assertThat(received).extracting(r -> r.header("webhook-id")).containsOnly("msg_" + id + "_succeeded");
        WebhookReceiver.Received last = received.get(received.size() - 1);
        WebhookSigner.verify(account.webhookSecret(), last.headers(), last.body());
        assertThat(last.body()).contains("\"type\":\"job.succeeded\"").contains("\"id\":\"" + id + "\"");
        await().atMost(Duration.ofSeconds(10)).until(() -> completions.findById(id).notifiedAt != null);
        assertThat(receiver.at("/hook")).hasSize(3);
    }

    @Test
    void aFailedJobSendsJobFailedWithItsErrorCode() {
        String hook = receiver.url("/hook");
        String id = submit(hook);
        worker.fail(id, "invalid_input", "person_image could not be decoded");

        await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.at("/hook").isEmpty());
        assertThat(receiver.at("/hook").get(0).body()).contains("\"type\":\"job.failed\"").contains("\"code\":\"invalid_input\"");
        account.auth().get("/v1/jobs/" + id).then().body("status", equalTo("failed"))
                .body("error.code", equalTo("invalid_input"));
    }

    @Test
    void aJobStoredButNeverPublishedIsPublishedByTheSweeper() {
        String id = submit(null);
        outbox.mongoCollection().updateOne(new org.bson.Document("_id", id),
                new org.bson.Document("$set", new org.bson.Document("dispatched", false)));

        await().atMost(Duration.ofSeconds(20)).until(() -> jobs.find(id).orElseThrow().dispatched());
    }

    @Test
    void storedInputsOnDiskContainNoneOfTheImageBytes() throws IOException {
        byte[] person = SampleImages.personPng(96, 128);
        String id = account.auth()
                .multiPart("person_image", "person.png", person, "image/png")
                .multiPart("product_images", "shirt.png", SampleImages.productPng(64, 64), "image/png")
                .post("/v1/jobs").then().statusCode(202).extract().path("id");

        Path jobDir = Path.of("target/test-objects/accounts", account.id(), "jobs", id);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(jobDir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).hasSize(2);
        byte[] probe = Arrays.copyOfRange(person, 16, 48);
        for (Path file : files) {
            byte[] stored = Files.readAllBytes(file);
            assertThat(indexOf(stored, probe)).as("plaintext in %s", file).isEqualTo(-1);
            assertThat(indexOf(stored, "IHDR".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
        }
    }

    @Test
    void metricsCountSubmittedAndCompletedJobs() {
        String id = submit(null);
        worker.succeedWithOutput(id, SampleImages.personPng(32, 32), 32, 32);
        await().atMost(Duration.ofSeconds(20)).until(() -> completions.findById(id).notifiedAt != null);

        given().get(metrics).then().statusCode(200)
                .body(containsString("induo_jobs_submitted_total"))
                .body(containsString("induo_jobs_completed_total{status=\"succeeded\"}"))
                .body(containsString("induo_jobs_queue_wait_seconds_count"))
                .body(containsString("induo_jobs_run_time_seconds_count"));
    }

    private String submit(String webhookUrl) {
        var request = Api.sampleJob(account);
        if (webhookUrl != null) {
            request.multiPart("webhook_url", webhookUrl);
        }
        return request.post("/v1/jobs").then().statusCode(202).extract().path("id");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
