package ai.induo.worker.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import ai.induo.testing.KafkaTestResource;
import ai.induo.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.HttpServer;
import jakarta.inject.Inject;
import java.net.URL;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The worker listens on its management port only: health and metrics, no API. */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class WorkerEndpointsTest {

    /** What {@link HttpServer} reports for a server that does not listen. */
    private static final int NOT_LISTENING = -1;

    @TestHTTPResource(value = "health/ready", management = true)
    URL readiness;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @ConfigProperty(name = "induo.worker.concurrency")
    int concurrency;

    @Test
    void workerIsReadyOnceTheModelIsLoadedJobsAreConsumedAndItsQueueAnswers() {
        given().when().get(readiness)
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
    void metricsEndpointExposesJobInferenceAndBatchMeters() {
        given().when().get(metrics)
                .then()
                .statusCode(200)
                .body(containsString("induo_worker_jobs_total{outcome=\"succeeded\"}"))
                .body(containsString("induo_worker_inference_seconds_count{model=\"induo-demo-tryon\"}"))
                .body(containsString("induo_worker_batch_size_count{model=\"induo-demo-tryon\"}"))
                .body(containsString("induo_worker_batch_waiting{model=\"induo-demo-tryon\"}"))
                .body(containsString("induo_worker_images_total{model=\"induo-demo-tryon\"}"));
    }

    @Test
    void metricsShowTheSlotsTheWorkerOffersWhileItConsumesAndNoneBusyWhenIdle() {
        String body = given().when().get(metrics).then().statusCode(200).extract().asString();

        assertThat(body).contains("induo_worker_capacity_slots " + concurrency + ".0")
                .contains("induo_worker_busy_slots 0.0");
    }

    @Inject
    HttpServer server;

    @Test
    void workerListensOnItsManagementPortOnly() {
        assertThat(server.getManagementPort()).isEqualTo(readiness.getPort());
        assertThat(server.getPort()).as("HTTP port").isEqualTo(NOT_LISTENING);
        assertThat(server.getSecurePort()).as("HTTPS port").isEqualTo(NOT_LISTENING);
    }

    @Test
    void workerServesNoApiBeyondHealthAndMetrics() {
        given().when().get(metrics.toString().replace("/q/metrics", "/v1/jobs")).then().statusCode(404);
    }
}
