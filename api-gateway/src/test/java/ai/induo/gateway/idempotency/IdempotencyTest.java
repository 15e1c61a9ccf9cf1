package ai.induo.gateway.idempotency;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static ai.induo.gateway.idempotency.IdempotencyAnswers.assertKeyReused;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import ai.induo.common.crypto.AccountKeyring;
import ai.induo.gateway.Api;
import ai.induo.gateway.account.SecretTokens;
import ai.induo.gateway.crypto.KeyedDigests;
import ai.induo.gateway.job.JobListRepository;
import ai.induo.testing.SampleImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IdempotencyTest {

    private static final String HEADER = "Idempotency-Key";

    @Inject
    JobListRepository jobs;

    @Inject
    IdempotencyRepository records;

    @Inject
    AccountKeyring keyring;

    @Inject
    KeyedDigests digests;

    private Api.Account account;

    @BeforeEach
    void signUp() {
        account = Api.signUp();
    }

    @Test
    void aRetriedMultipartSubmissionReturnsTheFirstJobAndCreatesNoOther() {
        String key = UUID.randomUUID().toString();
        Response first = Api.sampleJob(account.auth().header(HEADER, key)).post("/v1/jobs");
        first.then().statusCode(202).header("Idempotent-Replayed", nullValue());
        String id = first.path("id");

        Api.sampleJob(account.auth().header(HEADER, key)).post("/v1/jobs")
                .then()
                .statusCode(202)
                .header("Idempotent-Replayed", "true")
                .header("Location", first.header("Location"))
                .contentType("application/json")
                .body("id", equalTo(id))
                .body("status", equalTo("queued"));
        assertThat(jobCount(account)).isEqualTo(1);
    }

    @Test
    void aRetriedJsonSubmissionReturnsTheFirstJob() {
        Map<String, Object> body = Api.jsonJob(SampleImages.personPng(80, 100));
        String key = UUID.randomUUID().toString();
        String id = account.auth().header(HEADER, key).contentType("application/json").body(body).post("/v1/jobs")
                .then().statusCode(202).extract().path("id");

        account.auth().header(HEADER, key).contentType("application/json").body(body).post("/v1/jobs")
                .then().statusCode(202).header("Idempotent-Replayed", "true").body("id", equalTo(id));
        assertThat(jobCount(account)).isEqualTo(1);
    }

    @Test
    void theKeyWithOtherImagesIsRefusedAndCreatesNothing() {
        String key = UUID.randomUUID().toString();
        Api.sampleJob(account.auth().header(HEADER, key)).post("/v1/jobs").then().statusCode(202);

        assertKeyReused(account.auth().header(HEADER, key)
                .multiPart("person_image", "person.png", SampleImages.personPng(97, 128), "image/png")
                .multiPart("product_images", "shirt.png", SampleImages.productPng(64, 64), "image/png")
                .post("/v1/jobs"));
        assertThat(jobCount(account)).isEqualTo(1);
    }

    @Test
    void theKeyOnAnotherEndpointIsRefused() {
        String key = UUID.randomUUID().toString();
        account.auth().header(HEADER, key).contentType("application/json").body(Map.of("name", "ci"))
                .post("/v1/api-keys").then().statusCode(201);

        assertKeyReused(account.auth().header(HEADER, key).contentType("application/json")
                .body(Api.jsonJob(SampleImages.personPng(80, 100))).post("/v1/jobs"));
        assertThat(jobCount(account)).isZero();
    }

    @Test
    void twoConcurrentRequestsWithOneKeyCreateOneJob() throws Exception {
        String key = UUID.randomUUID().toString();
        int requests = 4;
        CyclicBarrier start = new CyclicBarrier(requests);
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        List<CompletableFuture<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < requests; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return Api.sampleJob(account.auth().header(HEADER, key)).post("/v1/jobs");
                }, pool));
            }
            List<String> ids = new ArrayList<>();
            for (CompletableFuture<Response> answer : answers) {
                Response response = answer.get(60, TimeUnit.SECONDS);
                if (response.statusCode() == 409) {
                    response.then().header("Retry-After", "1").body("code", equalTo("idempotency_request_in_progress"));
                } else {
                    response.then().statusCode(202);
                    ids.add(response.path("id"));
                }
            }
            assertThat(ids).isNotEmpty().containsOnly(ids.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(jobCount(account)).isEqualTo(1);
    }

    @Test
    void keysArePerAccount() {
        String key = UUID.randomUUID().toString();
        Api.Account other = Api.signUp();
        String mine = Api.sampleJob(account.auth().header(HEADER, key)).post("/v1/jobs")
                .then().statusCode(202).extract().path("id");
        String theirs = Api.sampleJob(other.auth().header(HEADER, key)).post("/v1/jobs")
                .then().statusCode(202).header("Idempotent-Replayed", nullValue()).extract().path("id");

        assertThat(theirs).isNotEqualTo(mine);
        assertThat(jobCount(account)).isEqualTo(1);
        assertThat(jobCount(other)).isEqualTo(1);
    }

    @Test
    void aRetriedApiKeyCreationReturnsTheSameKeyAgain() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("name", "ci", "scopes", List.of("jobs:read"));
        Response first = account.auth().header(HEADER, key).contentType("application/json").body(body).post("/v1/api-keys");
        first.then().statusCode(201);

        account.auth().header(HEADER, key).contentType("application/json").body(body).post("/v1/api-keys")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .header("Cache-Control", "no-store")
                .body("id", equalTo(first.path("id")))
                .body("key", equalTo(first.path("key")));
        account.auth().get("/v1/api-keys").then().statusCode(200).body("data.size()", equalTo(2));
    }

    @Test
    void aRetriedSignUpReturnsTheSameAccount() {
        String key = UUID.randomUUID().toString();
        Map<String, String> body = Map.of("name", "Acme", "email", "dev-" + UUID.randomUUID() + "@example.com",
                "password", "correct horse battery staple");
        Response first = given().header(HEADER, key).contentType("application/json").body(body).post("/v1/accounts");
        first.then().statusCode(201);

        given().header(HEADER, key).contentType("application/json").body(body).post("/v1/accounts")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("account.id", equalTo(first.path("account.id")))
                .body("api_key", equalTo(first.path("api_key")));
    }

    @Test
    void aKeptAnswerIsEncryptedForItsAccountAndGoneOnceTheAccountsKeysAreDestroyed() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("name", "ci");
        String created = account.auth().header(HEADER, key).contentType("application/json").body(body)
                .post("/v1/api-keys").then().statusCode(201).extract().path("key");
        IdempotencyRecord record = records.find("scope", "account:" + account.id()).firstResult();
        assertThat(record.accountId).isEqualTo(account.id());
        assertThat(new String(record.bodyEncrypted, StandardCharsets.ISO_8859_1)).doesNotContain(created);

        keyring.destroy(account.id());

        account.auth().header(HEADER, key).contentType("application/json").body(body).post("/v1/api-keys")
                .then()
                .statusCode(410)
                .contentType("application/problem+json")
                .body("code", equalTo("idempotent_answer_gone"));
        account.auth().get("/v1/api-keys").then().statusCode(200).body("data.size()", equalTo(2));
    }

    @Test
    void anotherAccountsAnswersStayReadableWhenOneAccountsKeysAreDestroyed() {
        String key = UUID.randomUUID().toString();
        Api.Account other = Api.signUp();
        String theirs = other.auth().header(HEADER, key).contentType("application/json").body(Map.of("name", "ci"))
                .post("/v1/api-keys").then().statusCode(201).extract().path("key");

        keyring.destroy(account.id());

        other.auth().header(HEADER, key).contentType("application/json").body(Map.of("name", "ci")).post("/v1/api-keys")
                .then().statusCode(201).header("Idempotent-Replayed", "true").body("key", equalTo(theirs));
    }

    @Test
    void aRefusedSignUpIsNotKeptSoItsCorrectedRetryRuns() {
        String key = UUID.randomUUID().toString();
        String email = "dev-" + UUID.randomUUID() + "@example.com";
        given().header(HEADER, key).contentType("application/json")
                .body(Map.of("name", "Acme", "email", email, "password", "short"))
                .post("/v1/accounts").then().statusCode(422).body("code", equalTo("invalid_request"));

        given().header(HEADER, key).contentType("application/json")
                .body(Map.of("name", "Acme", "email", email, "password", "correct horse battery staple"))
                .post("/v1/accounts")
                .then().statusCode(201).header("Idempotent-Replayed", nullValue()).body("account.email", equalTo(email));
    }

    @Test
    void theKeptDigestOfARequestIsKeyedNotAPlainSha256() {
        String body = "{\"name\":\"ci\"}";
        account.auth().header(HEADER, UUID.randomUUID().toString()).contentType("application/json").body(body)
                .post("/v1/api-keys").then().statusCode(201);

        String request = "POST /v1/api-keys\n" + body;
        assertThat(records.find("scope", "account:" + account.id()).firstResult().requestHash)
                .isEqualTo(digests.hex(KeyedDigests.Purpose.IDEMPOTENCY_REQUEST, request))
                .isNotEqualTo(SecretTokens.hash(request));
    }

    @Test
    void aSignUpsDigestLeavesThePasswordOutAndItsReplayNeedsTheAccountsPassword() {
        String key = UUID.randomUUID().toString();
        String email = "dev-" + UUID.randomUUID() + "@example.com";
        String withoutPassword = "{\"name\":\"Acme\",\"email\":\"" + email + "\"";
        String body = withoutPassword + ",\"password\":\"correct horse battery staple\"}";
        Response first = given().header(HEADER, key).contentType("application/json").body(body).post("/v1/accounts");
        first.then().statusCode(201);

        assertThat(records.find("key", key).firstResult().requestHash)
                .isEqualTo(digests.hex(KeyedDigests.Purpose.IDEMPOTENCY_REQUEST, "POST /v1/accounts\n" + withoutPassword + "}"));
        Response otherPassword = given().header(HEADER, key).contentType("application/json")
                .body(withoutPassword + ",\"password\":\"another long password\"}").post("/v1/accounts");
        assertKeyReused(otherPassword);
        otherPassword.then().body("api_key", nullValue());
        given().header(HEADER, key).contentType("application/json").body(body).post("/v1/accounts")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("api_key", equalTo(first.path("api_key")));
    }

    @Test
    void aRefusedRequestIsReplayedAsRefused() {
        String key = UUID.randomUUID().toString();
        account.auth().header(HEADER, key).contentType("application/json").body(Map.of("metadata", Map.of()))
                .post("/v1/jobs").then().statusCode(422).body("code", equalTo("missing_image"));

        account.auth().header(HEADER, key).contentType("application/json").body(Map.of("metadata", Map.of()))
                .post("/v1/jobs")
                .then()
                .statusCode(422)
                .header("Idempotent-Replayed", "true")
                .contentType("application/problem+json")
                .body("code", equalTo("missing_image"));
    }

    @Test
    void anInvalidKeyIsRefused() {
        for (String key : List.of("", "x".repeat(256), "naïve")) {
            Api.sampleJob(account.auth().header(HEADER, key)).post("/v1/jobs")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo("invalid_request"));
        }
        assertThat(jobCount(account)).isZero();
    }

    @Test
    void requestsWithoutAKeyAreNotDeduplicated() {
        Api.sampleJob(account).post("/v1/jobs").then().statusCode(202);
        Api.sampleJob(account).post("/v1/jobs").then().statusCode(202);
        assertThat(jobCount(account)).isEqualTo(2);
    }

    private long jobCount(Api.Account owner) {
        return jobs.count("accountId", owner.id());
    }
}
