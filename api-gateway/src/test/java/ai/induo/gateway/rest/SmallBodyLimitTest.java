package ai.induo.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import ai.induo.common.json.Json;
import ai.induo.gateway.Api;
import ai.induo.gateway.FillerInputStream;
import ai.induo.gateway.RawHttpExchange;
import ai.induo.testing.SampleImages;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint but job submission takes a body of at most 16 KiB, refused with
 * {@code 413 payload_too_large} before anything parses it: a body of exactly 16 KiB is taken, one
 * byte more is not, whether its length is declared or it comes in chunks. Job submission keeps its
 * own, larger limits.
 */
@QuarkusTest
class SmallBodyLimitTest {

    static final int LIMIT = 16 * 1024;
    private static final long ONE_MEGABYTE = 1024 * 1024;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final String PASSWORD = "correct horse battery staple";

    @TestHTTPResource("/v1/accounts")
    URI accountsUri;

    @TestHTTPResource("/v1/sessions")
    URI sessionsUri;

    /** One endpoint: how to send it a JSON body on behalf of an account, and its answer to a body that fits. */
    record Endpoint(String name, BiFunction<Api.Account, String, Response> send, String fittingJson, int fittingStatus) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Endpoint> endpoints() {
        return Stream.of(
                new Endpoint("POST /v1/accounts", (account, body) -> json(given(), body).post("/v1/accounts"),
                        "{\"name\": \"Acme\", \"email\": \"" + newEmail() + "\", \"password\": \"" + PASSWORD + "\"}", 201),
                new Endpoint("POST /v1/sessions", (account, body) -> json(given(), body).post("/v1/sessions"),
                        null, 201),
                new Endpoint("PATCH /v1/account", (account, body) -> json(account.auth(), body).patch("/v1/account"),
                        "{\"name\": \"Acme Renamed\"}", 200),
                new Endpoint("POST /v1/api-keys", (account, body) -> json(account.auth(), body).post("/v1/api-keys"),
                        "{\"name\": \"CI pipeline\"}", 201),
                new Endpoint("POST /v1/webhook-endpoints",
                        (account, body) -> json(account.auth(), body).post("/v1/webhook-endpoints"),
                        "{\"url\": \"http://127.0.0.1:9/hook\"}", 201),
                new Endpoint("PATCH /v1/webhook-endpoints/{id}", (account, body) -> json(account.auth(), body)
                        .patch("/v1/webhook-endpoints/" + webhookEndpoint(account)),
                        "{\"description\": \"orders\"}", 200),
                new Endpoint("POST /v1/jobs/{id}/cancel (no body expected)", (account, body) -> json(account.auth(), body)
                        .post("/v1/jobs/" + queuedJob(account) + "/cancel"), "{}", 200));
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void aBodyOfSixteenKibibytesIsTaken(Endpoint endpoint) {
        Api.Account account = Api.signUp();
        endpoint.send().apply(account, padded(fitting(endpoint, account), LIMIT)).then().statusCode(endpoint.fittingStatus());
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void oneByteMoreIsRefusedWithPayloadTooLarge(Endpoint endpoint) {
        Api.Account account = Api.signUp();
        endpoint.send().apply(account, padded(fitting(endpoint, account), LIMIT + 1)).then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("code", equalTo("payload_too_large"))
                .body("status", equalTo(413))
                .body("detail", containsString(Integer.toString(LIMIT)));
    }

    @Test
    void aRefusedSignUpCreatesNoAccount() {
        String email = newEmail();
        String body = "{\"name\": \"Acme\", \"email\": \"" + email + "\", \"password\": \"" + PASSWORD + "\"}";
        json(given(), padded(body, LIMIT + 1)).post("/v1/accounts").then().statusCode(413);

        json(given(), body).post("/v1/accounts").then().statusCode(201);
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsSent() throws IOException {
        try (RawHttpExchange exchange = RawHttpExchange.start(accountsUri, "POST", Map.of(
                "Content-Type", "application/json",
                "Content-Length", Long.toString(ONE_MEGABYTE)), REQUEST_TIMEOUT)) {
            RawHttpExchange.Answer answer = exchange.answer();

            assertPayloadTooLarge(answer);
            assertThat(answer.header("Connection")).isEqualTo("close");
        }
    }

    @Test
    void aChunkedBodyWithoutLengthIsRefusedOnceItPassesTheLimit() throws IOException {
        try (RawHttpExchange exchange = RawHttpExchange.start(accountsUri, "POST", Map.of(
                "Content-Type", "application/json",
                "Transfer-Encoding", "chunked"), REQUEST_TIMEOUT)) {
            exchange.writeChunked(new SequenceInputStream(
                    new ByteArrayInputStream("{\"name\": \"".getBytes(StandardCharsets.US_ASCII)),
                    new FillerInputStream('a', ONE_MEGABYTE)));
            RawHttpExchange.Answer answer = exchange.answer();

            assertPayloadTooLarge(answer);
            assertThat(answer.header("Connection")).isEqualTo("close");
        }
    }

    @Test
    void aChunkedBodyWithinTheLimitIsTaken() throws IOException {
        Api.Account account = Api.signUp();
        String body = padded("{\"email\": \"" + account.email() + "\", \"password\": \"" + PASSWORD + "\"}", LIMIT);
        try (RawHttpExchange exchange = RawHttpExchange.start(sessionsUri, "POST", Map.of(
                "Content-Type", "application/json",
                "Transfer-Encoding", "chunked"), REQUEST_TIMEOUT)) {
            exchange.writeChunked(new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)));
            RawHttpExchange.Answer answer = exchange.answer();

            assertThat(answer.status()).as("answer %s", answer).isEqualTo(201);
            assertThat(Json.mapper().readTree(answer.body()).path("token").asText()).startsWith("sess_");
        }
    }

    @Test
    void aJsonJobSubmissionKeepsItsLargerLimit() {
        Api.Account account = Api.signUp();
        String person = Base64.getEncoder().encodeToString(SampleImages.personPng(96, 128));
        String product = Base64.getEncoder().encodeToString(SampleImages.productPng(64, 64));
        String body = "{\"person_image\": \"" + person + "\", \"product_images\": [\"" + product + "\"]}";

        json(account.auth(), padded(body, 4 * LIMIT)).post("/v1/jobs").then().statusCode(202);
    }

    private static String fitting(Endpoint endpoint, Api.Account account) {
        return endpoint.fittingJson() != null ? endpoint.fittingJson()
                : "{\"email\": \"" + account.email() + "\", \"password\": \"" + account.password() + "\"}";
    }

    /** The JSON object with spaces before its closing brace, to exactly {@code bytes} bytes. */
    private static String padded(String json, int bytes) {
        int padding = bytes - json.getBytes(StandardCharsets.UTF_8).length;
        assertThat(padding).isNotNegative();
        return json.substring(0, json.length() - 1) + " ".repeat(padding) + "}";
    }

    private static RequestSpecification json(RequestSpecification request, String body) {
        return request.contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String webhookEndpoint(Api.Account account) {
        return account.auth().contentType("application/json").body(Map.of("url", "http://127.0.0.1:9/hook"))
                .post("/v1/webhook-endpoints").then().statusCode(201).extract().path("id");
    }

    private static String queuedJob(Api.Account account) {
        return Api.sampleJob(account).post("/v1/jobs").then().statusCode(202).extract().path("id");
    }

    private static String newEmail() {
        return "dev-" + UUID.randomUUID() + "@example.com";
    }

    private static void assertPayloadTooLarge(RawHttpExchange.Answer answer) throws IOException {
        assertThat(answer.status()).as("answer %s", answer).isEqualTo(413);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = Json.mapper().readTree(answer.body());
        assertThat(problem.path("code").asText()).isEqualTo("payload_too_large");
        assertThat(problem.path("detail").asText()).contains(Integer.toString(LIMIT));
    }
}
