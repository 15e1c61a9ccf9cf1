package ai.induo.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import ai.induo.common.crypto.kms.KmsStandIn;
import ai.induo.gateway.Api;
import ai.induo.gateway.KmsStandInResource;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
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

    /** Longer than the readiness check reuses a success ({@code MasterKeyReadinessCheck.REUSE}, 10 s). */
    private static final Duration SETTLE = Duration.ofSeconds(30);

    /** The master key in the KMS stand-in. */
    public static class KmsMasterKey implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KmsStandInResource.class));
        }
    }

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
    void theGatewayIsNotReadyWhileKmsIsDownAndReadyAgainWhenItIsBack() {
        await().atMost(SETTLE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'master-key' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'master-key' }.data.key", startsWith("kms_")));

        KmsStandInResource.standIn().failEveryCallWith(Status.UNAVAILABLE);
        await().atMost(SETTLE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'master-key' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'master-key' }.data.error", notNullValue()));

        KmsStandInResource.standIn().recover();
        await().atMost(SETTLE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }
}
