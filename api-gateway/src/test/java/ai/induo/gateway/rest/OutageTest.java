package ai.induo.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import ai.induo.gateway.Api;
import ai.induo.gateway.Outages;
import ai.induo.gateway.SwitchableJobQueue;
import ai.induo.gateway.job.JsonBodyBudget;
import ai.induo.common.job.JobStore;
import ai.induo.gateway.job.JobOutboxRepository;
import ai.induo.testing.MongoTestResource;
import ai.induo.testing.SampleImages;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a client sees while a dependency is down: without the database every request is
 * {@code 503 service_unavailable} with {@code Retry-After} and the gateway is not ready; without the
 * queue the gateway stays ready (the queue shows down in {@code /q/health/well}) and jobs are still
 * accepted into the outbox, up to its limit, and published once the queue is back;
 * with the memory for JSON bodies taken, JSON submissions wait, then get {@code 503}.
 */
@QuarkusTest
@TestProfile(Outages.class)
class OutageTest {

    private static final Duration SETTLE = Duration.ofSeconds(30);

    @Inject
    SwitchableJobQueue queue;

    @Inject
    JobStore jobs;

    @Inject
    JobOutboxRepository outbox;

    @Inject
    JsonBodyBudget jsonBodies;

    @TestHTTPResource(value = "health", management = true)
    URL health;

    @TestHTTPResource(value = "health/ready", management = true)
    URL readiness;

    @TestHTTPResource(value = "health/well", management = true)
    URL wellness;

    @AfterEach
    void restore() {
        queue.bringBack();
    }

    @Test
    void withTheDatabaseDownRequestsAre503WithRetryAfterAndServeAgainWhenItReturnsIdempotencyKeysIncluded() {
        Api.Account account = Api.signUp();
        MongoTestResource.stopServer();
        try {
            account.auth().get("/v1/account").then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .body("code", equalTo("service_unavailable"));
            Api.sampleJob(account.auth().header("Idempotency-Key", "during-the-outage")).post("/v1/jobs").then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .body("code", equalTo("service_unavailable"));
            given().contentType("application/json").body(Map.of("email", account.email(), "password", account.password()))
                    .post("/v1/sessions").then().statusCode(503).body("code", equalTo("service_unavailable"));
            given().get(health).then().statusCode(503).body("status", equalTo("DOWN"));
            given().get(readiness).then().statusCode(503)
                    .body("checks.find { it.name == 'MongoDB connection health check' }.status", equalTo("DOWN"));
        } finally {
            MongoTestResource.restartServer();
        }
        await().atMost(SETTLE).untilAsserted(() -> account.auth().get("/v1/account").then().statusCode(200)
                .body("id", equalTo(account.id())));
        await().atMost(SETTLE).untilAsserted(() -> given().get(readiness).then().statusCode(200));
        await().atMost(SETTLE).untilAsserted(() -> Api.sampleJob(account.auth().header("Idempotency-Key", "during-the-outage"))
                .post("/v1/jobs").then().statusCode(202));
    }

    @Test
    void whileJsonBodiesFillTheirMemoryBudgetAJsonSubmissionWaitsThenGets503AndMultipartIsNotHeldBack() {
        Api.Account account = Api.signUp();
        Map<String, Object> json = Map.of(
                "person_image", Base64.getEncoder().encodeToString(SampleImages.personPng(96, 128)),
                "product_images", List.of(Base64.getEncoder().encodeToString(SampleImages.productPng(64, 64))));
        try (JsonBodyBudget.Share everything = jsonBodies.take(Long.MAX_VALUE)) {
            account.auth().contentType("application/json").body(json).post("/v1/jobs").then().statusCode(503)
                    .header("Retry-After", "1")
                    .body("code", equalTo("service_unavailable"));
            Api.sampleJob(account).post("/v1/jobs").then().statusCode(202);
        }
        account.auth().contentType("application/json").body(json).post("/v1/jobs").then().statusCode(202);
    }

    @Test
    void withTheQueueDownTheGatewayStaysReadyAcceptsAJobAndPublishesItWhenTheQueueReturns() {
        Api.Account account = Api.signUp();
        queue.takeDown();
        await().atMost(SETTLE).until(() -> outbox.countUndispatched() == 0);

        given().get(readiness).then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", not(hasItem("queue")))
                .body("checks.find { it.name == 'MongoDB connection health check' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'master-key' }.status", equalTo("UP"));
        given().get(wellness).then().statusCode(503)
                .body("checks.find { it.name == 'queue' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'queue' }.data.backend", equalTo("kafka"));
        given().get(health).then().statusCode(503)
                .body("checks.find { it.name == 'queue' }.status", equalTo("DOWN"));
        String id = Api.sampleJob(account).post("/v1/jobs").then().statusCode(202)
                .body("status", equalTo("queued")).extract().path("id");
        assertThat(queue.publishedJobIds()).doesNotContain(id);

        queue.bringBack();
        await().atMost(SETTLE).until(() -> queue.publishedJobIds().contains(id));
        await().atMost(SETTLE).until(() -> jobs.find(id).orElseThrow().dispatched());
        given().get(health).then().statusCode(200);
    }

    @Test
    void withTheQueueDownJobsWaitInTheOutboxUpToItsLimitAndArePublishedWhenItReturns() {
        Api.Account account = Api.signUp();
        queue.takeDown();
        await().atMost(SETTLE).until(() -> outbox.countUndispatched() == 0);
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < Outages.OUTBOX_LIMIT; i++) {
            accepted.add(Api.sampleJob(account).post("/v1/jobs").then().statusCode(202)
                    .body("status", equalTo("queued")).extract().path("id"));
        }
        Api.sampleJob(account).post("/v1/jobs").then().statusCode(503)
                .header("Retry-After", "30")
                .body("code", equalTo("service_unavailable"));
        assertThat(queue.publishedJobIds()).doesNotContainAnyElementsOf(accepted);

        queue.bringBack();
        given().get(wellness).then().statusCode(200)
                .body("checks.find { it.name == 'queue' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'queue' }.data.backend", equalTo("kafka"));
        await().atMost(SETTLE).until(() -> queue.publishedJobIds().containsAll(accepted));
        await().atMost(SETTLE).until(() -> accepted.stream().allMatch(id -> jobs.find(id).orElseThrow().dispatched()));
        String later = Api.sampleJob(account).post("/v1/jobs").then().statusCode(202).extract().path("id");
        await().atMost(SETTLE).until(() -> queue.publishedJobIds().contains(later));
    }
}
