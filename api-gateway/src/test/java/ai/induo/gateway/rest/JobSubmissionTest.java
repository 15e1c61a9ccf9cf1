package ai.induo.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import ai.induo.gateway.Api;
import ai.induo.gateway.HostileFiles;
import ai.induo.testing.SampleImages;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class JobSubmissionTest {

    private Api.Account account;

    @BeforeEach
    void signUp() {
        account = Api.signUp();
    }

    @Test
    void aValidMultipartJobIsAcceptedAndQueued() {
        Api.sampleJob(account)
                .multiPart("metadata", "{\"campaign_id\":\"summer\",\"user_id\":\"u-42\"}")
                .post("/v1/jobs")
                .then()
                .statusCode(202)
                .header("Location", matchesPattern(".*/v1/jobs/job_[0-9a-z]{26}"))
                .body("id", matchesPattern("job_[0-9a-z]{26}"))
                .body("status", equalTo("queued"))
                .body("created_at", notNullValue())
                .body("started_at", nullValue())
                .body("finished_at", nullValue())
                .body("metadata.campaign_id", equalTo("summer"))
                .body("attempts", equalTo(0))
                .body("outputs", equalTo(List.of()))
                .body("error", nullValue());
    }

    @Test
    void aValidJsonJobWithBase64ImagesIsAccepted() {
        String person = Base64.getEncoder().encodeToString(SampleImages.personPng(80, 100));
        String product = Base64.getEncoder().encodeToString(SampleImages.productPng(40, 40));
        account.auth().contentType("application/json")
                .body(Map.of("person_image", person,
                        "product_images", List.of(Map.of("data", product), "data:image/png;base64," + product),
                        "metadata", Map.of("sku", "T-100")))
                .post("/v1/jobs")
                .then()
                .statusCode(202)
                .body("status", equalTo("queued"))
                .body("metadata.sku", equalTo("T-100"));
    }

    @Test
    void theJobIsReadableByItsOwnerOnly() {
        String id = Api.sampleJob(account).post("/v1/jobs").then().statusCode(202).extract().path("id");
        account.auth().get("/v1/jobs/" + id).then().statusCode(200).body("id", equalTo(id));

        Api.Account other = Api.signUp();
        other.auth().get("/v1/jobs/" + id)
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("not_found"));
    }

    @Test
    void aMissingOrWrongApiKeyIsUnauthorized() {
        given().get("/v1/jobs/job_00000000000000000000000000").then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("unauthorized"));
        given().header("Authorization", "Bearer sk_" + "a".repeat(32)).get("/v1/jobs/job_x")
                .then().statusCode(401).body("code", equalTo("unauthorized"));
        given().header("Authorization", "Basic Zm9vOmJhcg==")
                .multiPart("person_image", "person.png", SampleImages.personPng(32, 32), "image/png")
                .multiPart("product_images", "shirt.png", SampleImages.productPng(32, 32), "image/png")
                .post("/v1/jobs")
                .then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void aFileThatIsNotAnImageIsUnsupportedWhateverItsName() {
        account.auth()
                .multiPart("person_image", "person.jpg", "<html><body>hi</body></html>".getBytes(StandardCharsets.UTF_8), "image/jpeg")
                .multiPart("product_images", "shirt.png", SampleImages.productPng(32, 32), "image/png")
                .post("/v1/jobs")
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("code", equalTo("unsupported_media_type"))
                .body("detail", containsString("person_image"));
    }

    @Test
    void anImageOverTheByteLimitIsTooLarge() {
        byte[] png = SampleImages.productPng(32, 32);
        byte[] padded = Arrays.copyOf(png, 10 * 1024 * 1024 + 1);
        account.auth()
                .multiPart("person_image", "person.png", SampleImages.personPng(64, 64), "image/png")
                .multiPart("product_images", "huge.png", padded, "image/png")
                .post("/v1/jobs")
                .then()
                .statusCode(413)
                .body("code", equalTo("payload_too_large"))
                .body("detail", containsString("product_images[0]"));
    }

    @Test
    void anImageDeclaringTooManyPixelsIsRefusedFromItsHeader() {
        account.auth()
                .multiPart("person_image", "bomb.png", HostileFiles.pngDeclaring(50_000, 50_000), "image/png")
                .multiPart("product_images", "shirt.png", SampleImages.productPng(32, 32), "image/png")
                .post("/v1/jobs")
                .then()
                .statusCode(422)
                .body("code", equalTo("image_too_large"));
    }

    @Test
    void aTruncatedImageIsInvalid() {
        byte[] png = SampleImages.personPng(64, 64);
        account.auth()
                .multiPart("person_image", "cut.png", Arrays.copyOf(png, 20), "image/png")
                .multiPart("product_images", "shirt.png", SampleImages.productPng(32, 32), "image/png")
                .post("/v1/jobs")
                .then()
                .statusCode(422)
                .body("code", equalTo("invalid_image"));
    }

    @Test
    void missingOrTooManyImagesAreUnprocessable() {
        account.auth()
                .multiPart("product_images", "shirt.png", SampleImages.productPng(32, 32), "image/png")
                .post("/v1/jobs")
                .then().statusCode(422).body("code", equalTo("missing_image")).body("detail", containsString("person_image"));
        account.auth()
                .multiPart("person_image", "person.png", SampleImages.personPng(64, 64), "image/png")
                .post("/v1/jobs")
                .then().statusCode(422).body("code", equalTo("missing_image")).body("detail", containsString("product_images"));
        var request = account.auth().multiPart("person_image", "person.png", SampleImages.personPng(64, 64), "image/png");
        for (int i = 0; i < 5; i++) {
            request.multiPart("product_images", "p" + i + ".png", SampleImages.productPng(16, 16), "image/png");
        }
        request.post("/v1/jobs").then().statusCode(422).body("code", equalTo("too_many_images"));
    }

    @Test
    void malformedJsonAndMetadataAreBadRequests() {
        account.auth().contentType("application/json").body("{\"person_image\": ")
                .post("/v1/jobs").then().statusCode(400).body("code", equalTo("malformed_json"));
        Api.sampleJob(account).multiPart("metadata", "{not json")
                .post("/v1/jobs").then().statusCode(400).body("code", equalTo("invalid_metadata"));
        Api.sampleJob(account).multiPart("metadata", "[\"a\"]")
                .post("/v1/jobs").then().statusCode(400).body("code", equalTo("invalid_metadata"));
        Api.sampleJob(account).multiPart("metadata", "{\"n\": 3}")
                .post("/v1/jobs").then().statusCode(400).body("code", equalTo("invalid_metadata"));
        account.auth().contentType("application/json").body(Map.of("person_image", "%%%not-base64%%%", "product_images", List.of()))
                .post("/v1/jobs").then().statusCode(400).body("code", equalTo("invalid_request"));
    }

    @Test
    void metadataOverTheLimitsIsUnprocessable() {
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 21; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        Api.sampleJob(account).multiPart("metadata", many.append("}").toString())
                .post("/v1/jobs").then().statusCode(422).body("code", equalTo("invalid_metadata"));
        Api.sampleJob(account).multiPart("metadata", "{\"" + "k".repeat(41) + "\":\"v\"}")
                .post("/v1/jobs").then().statusCode(422).body("code", equalTo("invalid_metadata"));
        Api.sampleJob(account).multiPart("metadata", "{\"k\":\"" + "v".repeat(501) + "\"}")
                .post("/v1/jobs").then().statusCode(422).body("code", equalTo("invalid_metadata"));
    }

    @Test
    void webhookUrlsToPrivateOrMetadataAddressesAreRefused() {
        for (String url : List.of("http://169.254.169.254/latest/meta-data", "http://10.0.0.7/hook",
                "http://metadata.google.internal/", "ftp://example.com/hook", "not a url")) {
            Api.sampleJob(account).multiPart("webhook_url", url)
                    .post("/v1/jobs").then().statusCode(422).body("code", equalTo("invalid_webhook_url"));
        }
    }

    @Test
    void aWaitLongerThanAMinuteIsABadRequest() {
        account.auth().get("/v1/jobs/job_00000000000000000000000000?wait=61")
                .then().statusCode(400).body("code", equalTo("invalid_request"));
        account.auth().get("/v1/jobs/job_00000000000000000000000000?wait=soon")
                .then().statusCode(400).body("code", equalTo("invalid_request"));
    }

    @Test
    void anUnknownRouteIsANotFoundProblem() {
        given().get("/v1/nothing-here").then().statusCode(404).contentType("application/problem+json")
                .body("code", equalTo("not_found")).body("type", endsWith("/not_found"));
    }
}
