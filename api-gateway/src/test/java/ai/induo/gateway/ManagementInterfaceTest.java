package ai.induo.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Health and metrics are served on the management port only; the public port serves the API and
 * its OpenAPI document, and answers {@code 404} for the management paths.
 */
@QuarkusTest
class ManagementInterfaceTest {

    @TestHTTPResource(value = "health", management = true)
    URL health;

    @TestHTTPResource(value = "health/ready", management = true)
    URL readiness;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @TestHTTPResource("/")
    URL publicPort;

    @Test
    void theManagementPortServesHealthAndMetrics() {
        assertThat(health.getPort()).isNotEqualTo(publicPort.getPort());
        given().get(health).then().statusCode(200).body("status", equalTo("UP"));
        given().get(readiness).then().statusCode(200).body("status", equalTo("UP"));
        given().get(metrics).then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void thePublicPortAnswers404ForHealthAndMetricsAndServesTheOpenApiDocument() {
        for (String path : List.of("/q/health", "/q/health/ready", "/q/health/live", "/q/health/well", "/q/metrics")) {
            given().get(path).then().statusCode(404);
        }
        given().get("/q/openapi").then().statusCode(200).body(containsString("openapi: 3.1"));
    }

    @Test
    void theManagementPortServesNoApi() {
        given().get(health.toString().replace("/q/health", "/v1/account")).then().statusCode(404);
        given().get(health.toString().replace("/q/health", "/q/openapi")).then().statusCode(404);
    }
}
