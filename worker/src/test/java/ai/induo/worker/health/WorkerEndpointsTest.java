package ai.induo.worker.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import ai.induo.testing.KafkaTestResource;
import ai.induo.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class WorkerEndpointsTest {

    @Test
    void workerIsReadyOnceTheModelIsLoadedJobsAreConsumedAndItsQueueAnswers() {
        given().when().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(WorkerReadiness.NAME))
                .body("checks.find { it.name == 'induo-worker' }.data.model", equalTo("induo-demo-tryon"))
                .body("checks.find { it.name == 'induo-worker' }.data.device", equalTo("cpu"))
                .body("checks.find { it.name == 'queue' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'queue' }.data.backend", equalTo("kafka"));
    }

    @Test
    void metricsEndpointExposesJobAndInferenceMeters() {
        given().when().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("induo_worker_jobs_total{outcome=\"succeeded\"}"))
                .body(containsString("induo_worker_inference_seconds_count{model=\"induo-demo-tryon\"}"));
    }

    @Test
    void workerServesNoApiBeyondHealthAndMetrics() {
        given().when().get("/v1/jobs").then().statusCode(404);
    }
}
