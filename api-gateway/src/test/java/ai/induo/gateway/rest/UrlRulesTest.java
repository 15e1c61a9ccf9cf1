package ai.induo.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.induo.gateway.Api;
import ai.induo.testing.SampleImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules every URL field shares: at most 2048 bytes, refused with the field's usual code (also
 * as a multipart part, never read whole), and plain http only to an allow-listed destination (the
 * test profile allow-lists loopback, as the local stack does).
 */
@QuarkusTest
class UrlRulesTest {

    private static final int MAX_URL_BYTES = 2048;
    /** Public, so that only the scheme decides; nothing is ever sent there. */
    private static final String PUBLIC_HTTP = "http://8.8.8.8/hook";
    private static final String PERSON = Base64.getEncoder().encodeToString(SampleImages.personPng(64, 80));

    private Api.Account account;

    @BeforeEach
    void signUp() {
        account = Api.signUp();
    }

    @Test
    void aWebhookUrlOfAtMost2048BytesIsTakenInEveryField() {
        String longest = urlOfBytes("http://127.0.0.1:9/hook?", MAX_URL_BYTES);

        jsonJob(Map.of("webhook_url", longest)).then().statusCode(202);
        multipartJob(longest).then().statusCode(202);
        endpoint(longest).then().statusCode(201);
    }

    @Test
    void aWebhookUrlOverTwoKilobytesIsAnInvalidWebhookUrlInEveryField() {
        String tooLong = urlOfBytes("http://127.0.0.1:9/hook?", MAX_URL_BYTES + 1);
        String tooLongInUtf8 = urlOfBytes("http://127.0.0.1:9/hook?", MAX_URL_BYTES - 1) + "é";

        Response json = jsonJob(Map.of("webhook_url", tooLong));
        assertProblem(json, "invalid_webhook_url", "webhook_url is longer than 2048 bytes.");
        assertThat(multipartJob(tooLong).asString()).isEqualTo(json.asString());
        assertProblem(jsonJob(Map.of("webhook_url", tooLongInUtf8)), "invalid_webhook_url",
                "webhook_url is longer than 2048 bytes.");
        assertProblem(endpoint(tooLong), "invalid_webhook_url", "url is longer than 2048 bytes.");
    }

    /** The multipart part is capped at the URL's limit: a huge one is refused as the URL is, not with a 413. */
    @Test
    void aHugeWebhookUrlPartIsRefusedAsATooLongUrl() {
        String huge = urlOfBytes("http://127.0.0.1:9/hook?", 1024 * 1024);

        assertProblem(multipartJob(huge), "invalid_webhook_url", "webhook_url is longer than 2048 bytes.");
    }

    @Test
    void anImageUrlOverTwoKilobytesIsAnInvalidRequestNamingTheImage() {
        String tooLong = urlOfBytes("http://127.0.0.1:9/shirt.png?", MAX_URL_BYTES + 1);

        assertProblem(jsonImages(Map.of("url", tooLong)), "invalid_request",
                "product_images[0]: the URL is longer than 2048 bytes.");
    }

    @Test
    void plainHttpToADestinationNotAllowListedIsRefusedInEveryField() {
        Map<String, Function<String, Response>> fields = Map.of(
                "webhook_url (JSON)", url -> jsonJob(Map.of("webhook_url", url)),
                "webhook_url (multipart)", this::multipartJob,
                "url", this::endpoint);
        fields.forEach((field, send) -> assertProblem(send.apply(PUBLIC_HTTP), "invalid_webhook_url",
                field.split(" ")[0] + " is not an allowed destination: only https URLs are allowed to this destination."));
        assertProblem(jsonImages(Map.of("url", PUBLIC_HTTP)), "input_fetch_failed", "product_images[0]: the image could "
                + "not be fetched: the URL is not an allowed destination: only https URLs are allowed to this destination.");
    }

    @Test
    void httpsToAPublicAddressIsTakenForWebhooks() {
        jsonJob(Map.of("webhook_url", "https://8.8.8.8/hook")).then().statusCode(202);
        endpoint("https://8.8.8.8/hook").then().statusCode(201);
    }

    private static void assertProblem(Response answer, String code, String detail) {
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(422);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.jsonPath().getString("code")).isEqualTo(code);
        assertThat(answer.jsonPath().getString("detail")).isEqualTo(detail);
    }

    /** {@code prefix} padded with {@code a} to {@code bytes} bytes of UTF-8. */
    private static String urlOfBytes(String prefix, int bytes) {
        return prefix + "a".repeat(bytes - prefix.length());
    }

    private Response jsonJob(Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.put("person_image", PERSON);
        body.put("product_images", List.of(PERSON));
        return account.auth().contentType("application/json").body(body).post("/v1/jobs");
    }

    private Response jsonImages(Object product) {
        return account.auth().contentType("application/json")
                .body(Map.of("person_image", PERSON, "product_images", List.of(product)))
                .post("/v1/jobs");
    }

    private Response multipartJob(String webhookUrl) {
        return Api.sampleJob(account).multiPart("webhook_url", webhookUrl).post("/v1/jobs");
    }

    private Response endpoint(String url) {
        return account.auth().contentType("application/json").body(Map.of("url", url)).post("/v1/webhook-endpoints");
    }
}
