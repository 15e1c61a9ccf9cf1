package ai.induo.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import ai.induo.common.crypto.kms.KmsStandIn;
import ai.induo.gateway.ActingWorker;
import ai.induo.gateway.AdjustableClock;
import ai.induo.gateway.Api;
import ai.induo.gateway.KmsStandInResource;
import ai.induo.gateway.health.MasterKeyReadinessCheck;
import ai.induo.testing.SampleImages;
import io.grpc.Status;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway with its master key in Cloud KMS (a stand-in): KMS is called only for new keys and
 * secrets; while it cannot be reached, requests that need the master key answer
 * {@code 503 service_unavailable} with {@code Retry-After}, not {@code 500}, the gateway is not
 * ready, and it serves again once KMS is back.
 */
@QuarkusTest
@TestProfile(MasterKeyOutageTest.KmsMasterKey.class)
class MasterKeyOutageTest {

    /** How long the gateway keeps an unwrapped account key (the default of {@code induo.crypto.account-key-cache-ttl}). */
    private static final Duration ACCOUNT_KEY_CACHE_TTL = Duration.ofMinutes(5);
    /** Long enough for a cold KMS client on a busy machine to answer a first call. */
    private static final Duration SETTLE = Duration.ofSeconds(30);

    /** The master key in the KMS stand-in, and a clock the test moves past the key cache's lifetime. */
    public static class KmsMasterKey extends AdjustableClock.Profile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KmsStandInResource.class));
        }
    }

    @Inject
    ActingWorker worker;

    @Inject
    AdjustableClock clock;

    @TestHTTPResource(value = "health/ready", management = true)
    URL readiness;

    @AfterEach
    void bringKmsBack() {
        KmsStandInResource.standIn().recover();
    }

    @Test
    void signUpWrapsOneSecretAndOnlyAnAccountsFirstSubmissionWrapsAnAccountKey() {
        KmsStandIn kms = KmsStandInResource.standIn();
        int before = kms.encryptCalls();
        Api.Account account = Api.signUp();
        assertThat(kms.encryptCalls() - before).as("KMS encrypts for a sign-up").isEqualTo(1);

        Api.sampleJob(account).post("/v1/jobs").then().statusCode(202);
        assertThat(kms.encryptCalls() - before).as("... and the account's first submission").isEqualTo(2);

        Api.sampleJob(account).post("/v1/jobs").then().statusCode(202);
        Api.sampleJob(account).post("/v1/jobs").then().statusCode(202);
        assertThat(kms.encryptCalls() - before).as("... and two more submissions").isEqualTo(2);
    }

    @Test
    void whileKmsIsDownSignUpAndSubmissionsAre503WithRetryAfterAndServeAgainWhenItIsBack() {
        KmsStandIn kms = KmsStandInResource.standIn();
        Api.Account account = Api.signUp();
        assertThat(kms.encryptCalls()).isPositive();

        kms.failEveryCallWith(Status.UNAVAILABLE);

        given().contentType("application/json")
                .body(Map.of("name", "Acme Fashion", "email", "kms-down@example.com", "password", "correct horse battery"))
                .post("/v1/accounts").then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("code", equalTo("service_unavailable"));
        Api.sampleJob(account).post("/v1/jobs").then()
                .statusCode(503)
                .header("Retry-After", "5")
                .body("code", equalTo("service_unavailable"));

        kms.recover();

        Api.sampleJob(account).post("/v1/jobs").then().statusCode(202);
        Api.signUp();
    }

    @Test
    void whileKmsIsDownADownloadWhoseAccountKeyIsNoLongerCachedIs503WithRetryAfterAndServesWhenItIsBack() {
        KmsStandIn kms = KmsStandInResource.standIn();
        Api.Account account = Api.signUp();
        String job = Api.submitSampleJob(account);
        byte[] png = SampleImages.personPng(40, 60);
        worker.succeedWithOutput(job, png, 40, 60);
        String url = Api.outputUrl(account, job);
        clock.advance(ACCOUNT_KEY_CACHE_TTL);

        kms.failEveryCallWith(Status.UNAVAILABLE);

        Api.download(url).then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("code", equalTo("service_unavailable"));

        kms.recover();

        assertThat(Api.download(url).then().statusCode(200).extract().asByteArray()).isEqualTo(png);
    }

    @Test
    void theGatewayIsNotReadyWhileKmsIsDownAndReadyAgainWhenItIsBack() {
        await().atMost(SETTLE).untilAsserted(() -> given().get(readiness).then().statusCode(200)
                .body("checks.find { it.name == 'master-key' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'master-key' }.data.key", startsWith("kms_")));

        KmsStandInResource.standIn().failEveryCallWith(Status.UNAVAILABLE);
        clock.advance(MasterKeyReadinessCheck.REUSE);
        given().get(readiness).then().statusCode(503)
                .body("checks.find { it.name == 'master-key' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'master-key' }.data.error", notNullValue());

        KmsStandInResource.standIn().recover();
        given().get(readiness).then().statusCode(200);
    }
}
