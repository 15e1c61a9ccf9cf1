package ai.induo.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.job.JobImages;
import ai.induo.common.json.Json;
import ai.induo.common.net.CustomerUrls;
import ai.induo.gateway.Api;
import ai.induo.gateway.MultipartForm;
import ai.induo.gateway.RawHttpExchange;
import ai.induo.gateway.StoredFiles;
import ai.induo.testing.SampleImages;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.builder.MultiPartSpecBuilder;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Multipart uploads are streamed: images go part by part into encrypted storage while the body
 * arrives, a too large image is refused as it passes the limit (a 60 MB one in HostileInputTest),
 * and a refused request leaves nothing stored. The bodies are written by hand so each test
 * controls every byte and its pace.
 */
@QuarkusTest
class MultipartUploadTest {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STORED_WITHIN = Duration.ofSeconds(20);

    @TestHTTPResource("/v1/jobs")
    URI jobsUri;

    @Inject
    EncryptedObjectStore objects;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Api.Account account;

    @BeforeEach
    void signUp() {
        account = Api.signUp();
    }

    /**
     * The body is held back after the person image; the image is stored all the same. (Quarkus REST
     * gathers the first {@code quarkus.rest.input-buffer-size}, 10 KiB, before calling a blocking
     * endpoint, so the person image is larger than that.)
     */
    @Test
    void partsAreStoredWhileTheBodyIsStillArriving() throws Exception {
        byte[] person = SampleImages.personPng(800, 1000);
        assertThat(person.length).isGreaterThan(10 * 1024);
        byte[] head = new MultipartForm().file("person_image", person).partHeader("product_images").toBytes();
        byte[] tail = new MultipartForm().bytes(SampleImages.productPng(64, 64)).bytes("\r\n").end().toBytes();

        try (RawHttpExchange upload = RawHttpExchange.start(jobsUri, "POST", Map.of(
                "Authorization", "Bearer " + account.apiKey(),
                "Content-Type", MultipartForm.CONTENT_TYPE,
                "Content-Length", Integer.toString(head.length + tail.length)), REQUEST_TIMEOUT)) {
            upload.write(head);

            await().atMost(STORED_WITHIN).until(() -> objects.list(jobsPrefix()).stream().anyMatch(key -> key.endsWith("/inputs/person")));

            assertThat(upload.write(tail).answer().status()).isEqualTo(202);
        }
        assertThat(objects.list(jobsPrefix())).hasSize(2);
    }

    @Test
    void aRefusedSubmissionLeavesNothingStored() {
        Api.sampleJob(account).multiPart("webhook_url", "http://10.0.0.7/hook")
                .post("/v1/jobs").then().statusCode(422).body("code", equalTo("invalid_webhook_url"));
        Api.sampleJob(account)
                .multiPart("product_images", "cut.png", Arrays.copyOf(SampleImages.productPng(64, 64), 20), "image/png")
                .post("/v1/jobs").then().statusCode(422).body("code", equalTo("invalid_image"))
                .body("detail", containsString("product_images[1]"));
        var tooMany = Api.sampleJob(account);
        for (int i = 0; i < 4; i++) {
            tooMany.multiPart("product_images", "p" + i + ".png", SampleImages.productPng(16, 16), "image/png");
        }
        tooMany.post("/v1/jobs").then().statusCode(422).body("code", equalTo("too_many_images"));
        account.auth()
                .multiPart("product_images", "shirt.png", SampleImages.productPng(32, 32), "image/png")
                .post("/v1/jobs").then().statusCode(422).body("code", equalTo("missing_image"));
        Api.sampleJob(account).multiPart("metadata", "{not json")
                .post("/v1/jobs").then().statusCode(400).body("code", equalTo("invalid_metadata"));
        String png = Base64.getEncoder().encodeToString(SampleImages.productPng(32, 32));
        account.auth().contentType("application/json")
                .body(Map.of("person_image", png, "product_images", List.of(png), "webhook_url", "http://169.254.169.254/"))
                .post("/v1/jobs").then().statusCode(422).body("code", equalTo("invalid_webhook_url"));

        assertNothingStored();
    }

    @Test
    void aMultipartBodyWithoutABoundaryIsABadRequest() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(jobsUri)
                .header("Authorization", "Bearer " + account.apiKey())
                .header("Content-Type", "multipart/form-data")
                .timeout(REQUEST_TIMEOUT)
                .POST(BodyPublishers.ofByteArray(new MultipartForm().file("person_image", SampleImages.personPng(32, 32)).end().toBytes()))
                .build();

        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(answer.body()).path("code").asText()).isEqualTo("invalid_request");
        assertNothingStored();
    }

    @Test
    void aBodyCutOffInsideAPartIsABadRequestAndNothingIsKept() throws Exception {
        MultipartForm form = new MultipartForm().file("person_image", SampleImages.personPng(64, 64)).partHeader("product_images");

        HttpResponse<String> answer = send(form.bytes(SampleImages.productPng(32, 32)))
                .get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(answer.body()).path("code").asText()).isEqualTo("invalid_request");
        assertNothingStored();
    }

    @Test
    void anUnknownFieldIsABadRequest() {
        Api.sampleJob(account).multiPart("product_image", "typo.png", SampleImages.productPng(16, 16), "image/png")
                .post("/v1/jobs").then().statusCode(400).body("code", equalTo("invalid_request"))
                .body("detail", containsString("product_image'"));
        assertNothingStored();
    }

    /** {@code metadata} is too large; {@code webhook_url} is capped as every URL is, with the code of a bad URL. */
    @Test
    void textFieldsOverTheirByteLimitAreRefusedAndNothingIsKept() {
        Api.sampleJob(account).multiPart("metadata", "{\"k\":\"" + "v".repeat(JobResource.MAX_METADATA_BYTES) + "\"}")
                .post("/v1/jobs").then().statusCode(413).body("code", equalTo("payload_too_large"))
                .body("detail", containsString("metadata"));
        Api.sampleJob(account).multiPart("webhook_url", "https://example.com/" + "a".repeat(CustomerUrls.MAX_BYTES))
                .post("/v1/jobs").then().statusCode(422).body("code", equalTo("invalid_webhook_url"))
                .body("detail", equalTo("webhook_url is longer than 2048 bytes."));
        assertNothingStored();
    }

    @Test
    void textFieldsAreReadInTheCharsetTheyDeclare() {
        Api.sampleJob(account)
                .multiPart(new MultiPartSpecBuilder("{\"city\":\"Zürich\"}")
                        .controlName("metadata").mimeType("application/json").charset(StandardCharsets.ISO_8859_1).build())
                .post("/v1/jobs").then().statusCode(202).body("metadata.city", equalTo("Zürich"));
    }

    @Test
    void noUploadedFileIsSpooledToDisk() {
        Api.sampleJob(account).post("/v1/jobs").then().statusCode(202);

        assertThat(StoredFiles.under(StoredFiles.UPLOADS)).isEmpty();
    }

    private String jobsPrefix() {
        return JobImages.jobsPrefix(account.id());
    }

    /** No object, finished or half written, under the account's jobs. */
    private void assertNothingStored() {
        assertThat(StoredFiles.ofJobs(account.id())).isEmpty();
    }

    private CompletableFuture<HttpResponse<String>> send(MultipartForm form) {
        HttpRequest request = HttpRequest.newBuilder(jobsUri)
                .header("Authorization", "Bearer " + account.apiKey())
                .header("Content-Type", MultipartForm.CONTENT_TYPE)
                .timeout(REQUEST_TIMEOUT)
                .POST(form.publisher())
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }
}
