package ai.induo.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.json.Json;
import ai.induo.gateway.Api;
import ai.induo.testing.SampleImages;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.builder.MultiPartSpecBuilder;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Multipart uploads are streamed: images go part by part into encrypted storage while the body
 * arrives, a too large image is refused as it passes the limit, and a refused request leaves
 * nothing stored. The bodies are written by hand so each test controls every byte and its pace.
 */
@QuarkusTest
class MultipartUploadTest {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STORED_WITHIN = Duration.ofSeconds(20);
    private static final long SIXTY_MEGABYTES = 60L * 1024 * 1024;
    private static final Path OBJECTS = Path.of("target/test-objects");
    private static final Path UPLOADS = Path.of("target/uploads");

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
        byte[] head = new Form().file("person_image", person).partHeader("product_images").toBytes();
        byte[] tail = new Form().bytes(SampleImages.productPng(64, 64)).bytes("\r\n").end().toBytes();

        try (Socket socket = new Socket(jobsUri.getHost(), jobsUri.getPort())) {
            socket.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + jobsUri.getPath() + " HTTP/1.1\r\nHost: " + jobsUri.getAuthority()
                    + "\r\nAuthorization: Bearer " + account.apiKey()
                    + "\r\nContent-Type: multipart/form-data; boundary=" + Form.BOUNDARY
                    + "\r\nContent-Length: " + (head.length + tail.length)
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(head);
            out.flush();

            await().atMost(STORED_WITHIN).until(() -> objects.list(jobsPrefix()).stream().anyMatch(key -> key.endsWith("/inputs/person")));
            out.write(tail);
            out.flush();

            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 202");
        }
        assertThat(objects.list(jobsPrefix())).hasSize(2);
    }

    @Test
    void aSixtyMegabyteImageIsRefusedAsItPassesTheLimitAndNothingIsKept() throws Exception {
        byte[] png = SampleImages.productPng(32, 32);
        Form form = new Form()
                .file("person_image", SampleImages.personPng(64, 64))
                .partHeader("product_images")
                .bytes(png)
                .piece(new ZeroInputStream(SIXTY_MEGABYTES - png.length), SIXTY_MEGABYTES - png.length)
                .bytes("\r\n")
                .end();

        HttpResponse<String> answer = send(form).get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(answer.statusCode()).isEqualTo(413);
        JsonNode problem = Json.mapper().readTree(answer.body());
        assertThat(problem.path("code").asText()).isEqualTo("payload_too_large");
        assertThat(problem.path("detail").asText()).contains("product_images[0]");
        assertNothingStored();
    }

    @Test
    void aRefusedSubmissionLeavesNothingStored() throws IOException {
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
                .POST(BodyPublishers.ofByteArray(new Form().file("person_image", SampleImages.personPng(32, 32)).end().toBytes()))
                .build();

        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(answer.body()).path("code").asText()).isEqualTo("invalid_request");
        assertNothingStored();
    }

    @Test
    void aBodyCutOffInsideAPartIsABadRequestAndNothingIsKept() throws Exception {
        Form form = new Form().file("person_image", SampleImages.personPng(64, 64)).partHeader("product_images");

        HttpResponse<String> answer = send(form.bytes(SampleImages.productPng(32, 32)))
                .get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(answer.body()).path("code").asText()).isEqualTo("invalid_request");
        assertNothingStored();
    }

    @Test
    void anUnknownFieldIsABadRequest() throws IOException {
        Api.sampleJob(account).multiPart("product_image", "typo.png", SampleImages.productPng(16, 16), "image/png")
                .post("/v1/jobs").then().statusCode(400).body("code", equalTo("invalid_request"))
                .body("detail", containsString("product_image'"));
        assertNothingStored();
    }

    @Test
    void textFieldsOverTheirByteLimitAreTooLarge() throws IOException {
        Api.sampleJob(account).multiPart("metadata", "{\"k\":\"" + "v".repeat(JobResource.MAX_METADATA_BYTES) + "\"}")
                .post("/v1/jobs").then().statusCode(413).body("code", equalTo("payload_too_large"))
                .body("detail", containsString("metadata"));
        Api.sampleJob(account).multiPart("webhook_url", "https://example.com/" + "a".repeat(JobResource.MAX_WEBHOOK_URL_BYTES))
                .post("/v1/jobs").then().statusCode(413).body("code", equalTo("payload_too_large"))
                .body("detail", containsString("webhook_url"));
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
    void noUploadedFileIsSpooledToDisk() throws IOException {
        Api.sampleJob(account).post("/v1/jobs").then().statusCode(202);

        assertThat(filesUnder(UPLOADS)).isEmpty();
    }

    private String jobsPrefix() {
        return "accounts/" + account.id() + "/jobs/";
    }

    /** No object, finished or half written, under the account's jobs. */
    private void assertNothingStored() throws IOException {
        assertThat(filesUnder(OBJECTS.resolve(jobsPrefix()))).isEmpty();
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private CompletableFuture<HttpResponse<String>> send(Form form) {
        HttpRequest request = HttpRequest.newBuilder(jobsUri)
                .header("Authorization", "Bearer " + account.apiKey())
                .header("Content-Type", "multipart/form-data; boundary=" + Form.BOUNDARY)
                .timeout(REQUEST_TIMEOUT)
                .POST(form.publisher())
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A multipart/form-data body as a sequence of pieces, read lazily when it is sent. */
    private static final class Form {

        static final String BOUNDARY = "induo-test-7c2f9a";

        private final List<InputStream> pieces = new ArrayList<>();
        private long length;

        Form file(String name, byte[] content) {
            return partHeader(name).bytes(content).bytes("\r\n");
        }

        Form partHeader(String name) {
            return bytes("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                    + name + ".png\"\r\nContent-Type: image/png\r\n\r\n");
        }

        Form bytes(String text) {
            return bytes(text.getBytes(StandardCharsets.US_ASCII));
        }

        Form bytes(byte[] content) {
            return piece(new ByteArrayInputStream(content), content.length);
        }

        Form piece(InputStream content, long size) {
            pieces.add(content);
            length += size;
            return this;
        }

        /** Adds the closing delimiter; a body without one is cut off. */
        Form end() {
            return bytes("--" + BOUNDARY + "--\r\n");
        }

        HttpRequest.BodyPublisher publisher() {
            return BodyPublishers.fromPublisher(
                    BodyPublishers.ofInputStream(() -> new SequenceInputStream(Collections.enumeration(pieces))), length);
        }

        byte[] toBytes() {
            try (InputStream all = new SequenceInputStream(Collections.enumeration(pieces))) {
                return all.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@code size} zero bytes, made as they are read. */
    private static final class ZeroInputStream extends InputStream {

        private long remaining;

        ZeroInputStream(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            if (remaining == 0) {
                return -1;
            }
            remaining--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            Arrays.fill(b, off, off + n, (byte) 0);
            remaining -= n;
            return n;
        }
    }
}
