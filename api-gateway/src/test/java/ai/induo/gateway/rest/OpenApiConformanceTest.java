package ai.induo.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.induo.common.json.Json;
import ai.induo.gateway.Api;
import ai.induo.gateway.WebhookReceiver;
import ai.induo.gateway.openapi.ApiDocumentFilter;
import ai.induo.common.job.JobImage;
import ai.induo.common.job.JobImages;
import ai.induo.gateway.ActingWorker;
import ai.induo.testing.SampleImages;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's answers are what its OpenAPI document says: each answer's status is documented for its
 * operation, its body is valid against the documented schema (required and nullable fields, enumerations,
 * and no field the schema does not name), and an error's {@code code} is one the response lists in
 * {@code x-error-codes}.
 */
@QuarkusTest
class OpenApiConformanceTest {

    /** How long the request log may take to write an entry. */
    private static final Duration LOG_WRITTEN = Duration.ofSeconds(10);
    private static final String JSON = "application/json";
    /** Where a standalone schema keeps the document's components, which its references point into. */
    private static final String COMPONENTS = "components";

    @Inject
    ActingWorker worker;

    private JsonNode document;
    private JsonSchemaFactory schemas;
    private Api.Account account;

    @BeforeEach
    void readDocumentAndSignUp() throws JsonProcessingException {
        document = Json.mapper().readTree(given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().asString());
        JsonMetaSchema dialect = JsonMetaSchema.builder(OpenApi31.getInstance())
                .keyword(new NonValidationKeyword(COMPONENTS)).build();
        schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .metaSchema(dialect).defaultMetaSchemaIri(dialect.getIri()));
        String email = "conformance-" + System.nanoTime() + "@example.com";
        Response signUp = given().contentType(JSON)
                .body(Map.of("name", "Acme Fashion", "email", email, "password", "correct horse battery staple"))
                .post("/v1/accounts");
        conforms("POST", "/v1/accounts", signUp, 201);
        account = new Api.Account(signUp.path("account.id"), signUp.path("api_key"), signUp.path("webhook_secret"), email,
                "correct horse battery staple");
    }

    @Test
    void accountAndSessionAnswersAreAsDescribed() {
        Response session = given().contentType(JSON)
                .body(Map.of("email", account.email(), "password", account.password())).post("/v1/sessions");
        conforms("POST", "/v1/sessions", session, 201);
        conforms("DELETE", "/v1/sessions/current", Api.bearer(session.path("token")).delete("/v1/sessions/current"), 204);
        conforms("DELETE", "/v1/sessions/current", account.auth().delete("/v1/sessions/current"), 400);
        conforms("GET", "/v1/account", account.auth().get("/v1/account"), 200);
        conforms("PATCH", "/v1/account", account.auth().contentType(JSON).body(Map.of("name", "Acme Fashion AG"))
                .patch("/v1/account"), 200);
        conforms("POST", "/v1/account/webhook-secret/rotate", account.auth().post("/v1/account/webhook-secret/rotate"), 200);

        conforms("POST", "/v1/accounts", given().contentType(JSON)
                .body(Map.of("name", "Again", "email", account.email(), "password", "correct horse battery staple"))
                .post("/v1/accounts"), 409);
        conforms("POST", "/v1/sessions", given().contentType(JSON)
                .body(Map.of("email", account.email(), "password", "wrong password!")).post("/v1/sessions"), 401);
        conforms("POST", "/v1/sessions", given().contentType(JSON)
                .body(Map.of("email", account.email(), "remember", "yes")).post("/v1/sessions"), 400);
        conforms("PATCH", "/v1/account", account.auth().contentType(JSON).body("{\"name\":").patch("/v1/account"), 400);
        conforms("PATCH", "/v1/account", account.auth().contentType(JSON).body(Map.of("email", "not an address"))
                .patch("/v1/account"), 422);
        conforms("GET", "/v1/account", given().get("/v1/account"), 401);
        conforms("GET", "/v1/account", Api.bearer(Api.createKey(account, "jobs:read")).get("/v1/account"), 403);
    }

    @Test
    void apiKeyAnswersAreAsDescribed() {
        Response created = account.auth().contentType(JSON).body(Map.of("name", "CI", "scopes", List.of("jobs:read")))
                .post("/v1/api-keys");
        conforms("POST", "/v1/api-keys", created, 201);
        conforms("GET", "/v1/api-keys", account.auth().get("/v1/api-keys"), 200);
        conforms("DELETE", "/v1/api-keys/{id}", account.auth().delete("/v1/api-keys/" + created.path("id")), 204);

        conforms("DELETE", "/v1/api-keys/{id}", account.auth().delete("/v1/api-keys/" + created.path("id")), 404);
        conforms("POST", "/v1/api-keys", account.auth().contentType(JSON)
                .body(Map.of("name", "CI", "scopes", List.of("everything"))).post("/v1/api-keys"), 422);
        conforms("POST", "/v1/api-keys", account.auth().contentType("text/plain").body("CI").post("/v1/api-keys"), 415);
    }

    @Test
    void jobAnswersAreAsDescribed() {
        Response submitted = Api.sampleJob(account).multiPart("metadata", "{\"campaign_id\": \"summer\"}")
                .post("/v1/jobs");
        conforms("POST", "/v1/jobs", submitted, 202);
        String queued = submitted.path("id");
        conforms("GET", "/v1/jobs/{id}", account.auth().get("/v1/jobs/" + queued), 200);
        conforms("GET", "/v1/jobs", account.auth().queryParam("limit", 1).get("/v1/jobs"), 200);
        conforms("POST", "/v1/jobs/{id}/cancel", account.auth().post("/v1/jobs/" + queued + "/cancel"), 200);
        conforms("POST", "/v1/jobs/{id}/cancel", account.auth().post("/v1/jobs/" + queued + "/cancel"), 409);

        Response json = account.auth().contentType(JSON).body(Map.of(
                "person_image", base64(SampleImages.personPng(96, 128)),
                "product_images", List.of(Map.of("data", base64(SampleImages.productPng(64, 64)))),
                "webhook_url", "http://127.0.0.1:9/hooks", "expires_in", 600)).post("/v1/jobs");
        conforms("POST", "/v1/jobs", json, 202);
        conforms("GET", "/v1/jobs/{id}", account.auth().get("/v1/jobs/" + succeed(json.path("id"))), 200);
        conforms("GET", "/v1/jobs/{id}", account.auth().get("/v1/jobs/" + fail(submitJob())), 200);

        conforms("POST", "/v1/jobs", account.auth().contentType(JSON).body(Map.of("metadata", Map.of())).post("/v1/jobs"),
                422);
        conforms("POST", "/v1/jobs", account.auth().contentType(JSON).body(Map.of("metadata", "summer")).post("/v1/jobs"),
                400);
        conforms("GET", "/v1/jobs/{id}", account.auth().queryParam("wait", "forever").get("/v1/jobs/" + queued), 400);
        conforms("GET", "/v1/jobs/{id}", account.auth().get("/v1/jobs/job_unknown"), 404);
        conforms("GET", "/v1/jobs/{id}/events", account.auth().get("/v1/jobs/job_unknown/events"), 404);
        conforms("GET", "/v1/jobs", account.auth().queryParam("page", 2).get("/v1/jobs"), 400);
    }

    @Test
    void requestLogUsageAndOutputAnswersAreAsDescribed() {
        succeed(submitJob());
        conforms("GET", "/v1/usage", account.auth().queryParam("group_by", "metadata.campaign_id").get("/v1/usage"), 200);
        await().atMost(LOG_WRITTEN).untilAsserted(() -> assertThat(account.auth().get("/v1/logs")
                .then().statusCode(200).extract().<List<?>>path("data")).isNotEmpty());
        conforms("GET", "/v1/logs", account.auth().get("/v1/logs"), 200);

        conforms("GET", "/v1/usage", account.auth().queryParam("group_by", "week").get("/v1/usage"), 400);
        conforms("GET", "/v1/logs", account.auth().queryParam("status", "teapot").get("/v1/logs"), 400);
        conforms("GET", "/v1/outputs/{job}/{index}", given().queryParam("expires", Instant.now().getEpochSecond() + 60)
                .queryParam("signature", "forged").get("/v1/outputs/job_unknown/0"), 403);
    }

    @Test
    void webhookEndpointAndDeliveryAnswersAreAsDescribed() throws IOException {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            Response created = account.auth().contentType(JSON).body(Map.of("url", receiver.url("/hook"),
                    "event_types", List.of("job.cancelled"))).post("/v1/webhook-endpoints");
            conforms("POST", "/v1/webhook-endpoints", created, 201);
            String endpoint = created.path("id");
            conforms("GET", "/v1/webhook-endpoints", account.auth().get("/v1/webhook-endpoints"), 200);
            conforms("GET", "/v1/webhook-endpoints/{id}", account.auth().get("/v1/webhook-endpoints/" + endpoint), 200);
            conforms("PATCH", "/v1/webhook-endpoints/{id}", account.auth().contentType(JSON)
                    .body(Map.of("description", "orders")).patch("/v1/webhook-endpoints/" + endpoint), 200);
            conforms("POST", "/v1/webhook-endpoints/{id}/rotate-secret",
                    account.auth().post("/v1/webhook-endpoints/" + endpoint + "/rotate-secret"), 200);

            String job = submitJob();
            account.auth().post("/v1/jobs/" + job + "/cancel").then().statusCode(200);
            await().atMost(LOG_WRITTEN).until(() -> receiver.at("/hook").size() == 1);
            Response listed = account.auth().queryParam("job_id", job).get("/v1/webhook-deliveries");
            conforms("GET", "/v1/webhook-deliveries", listed, 200);
            String delivery = listed.path("data[0].id");
            conforms("GET", "/v1/webhook-deliveries/{id}", account.auth().get("/v1/webhook-deliveries/" + delivery), 200);
            conforms("POST", "/v1/webhook-deliveries/{id}/retry",
                    account.auth().post("/v1/webhook-deliveries/" + delivery + "/retry"), 200);

            conforms("POST", "/v1/webhook-endpoints", account.auth().contentType(JSON)
                    .body(Map.of("url", receiver.url("/hook"), "event_types", List.of("job.exploded")))
                    .post("/v1/webhook-endpoints"), 422);
            conforms("GET", "/v1/webhook-deliveries", account.auth().queryParam("status", "lost")
                    .get("/v1/webhook-deliveries"), 400);
            conforms("PATCH", "/v1/webhook-endpoints/{id}", account.auth().contentType(JSON)
                    .body(Map.of("enabled", false)).patch("/v1/webhook-endpoints/" + endpoint), 200);
            conforms("POST", "/v1/webhook-deliveries/{id}/retry",
                    account.auth().post("/v1/webhook-deliveries/" + delivery + "/retry"), 409);
            conforms("DELETE", "/v1/webhook-endpoints/{id}", account.auth().delete("/v1/webhook-endpoints/" + endpoint), 204);
            conforms("GET", "/v1/webhook-endpoints/{id}", account.auth().get("/v1/webhook-endpoints/" + endpoint), 404);
            conforms("GET", "/v1/webhook-deliveries/{id}", account.auth().get("/v1/webhook-deliveries/dlv_unknown"), 404);
        }
    }

    /**
     * Asserts that the answer has the expected status, that the operation documents that status, and that
     * the body matches the documented schema of its media type; for a problem, that its code is listed.
     */
    private void conforms(String method, String path, Response response, int status) {
        String key = method + " " + path;
        assertThat(response.statusCode()).as("status of %s: %s", key, response.asString()).isEqualTo(status);
        JsonNode documented = document.path("paths").path(path).path(method.toLowerCase(Locale.ROOT)).path("responses")
                .path(Integer.toString(status));
        assertThat(documented.isMissingNode()).as("%s documents %d", key, status).isFalse();
        if (status == 204) {
            assertThat(response.asString()).as("body of %s %d", key, status).isEmpty();
            return;
        }
        String mediaType = response.contentType().split(";")[0].strip();
        JsonNode schema = documented.path("content").path(mediaType).path("schema");
        assertThat(schema.isMissingNode()).as("%s %d documents %s", key, status, mediaType).isFalse();
        JsonNode body = parse(response.asString());
        Set<ValidationMessage> violations = schemas.getSchema(standalone(schema)).validate(body);
        assertThat(violations).as("%s %d answered %s", key, status, body).isEmpty();
        if (status >= 400) {
            List<String> codes = Json.mapper().convertValue(documented.path(ApiDocumentFilter.ERROR_CODES),
                    Json.mapper().getTypeFactory().constructCollectionType(List.class, String.class));
            assertThat(codes).as("codes of %s %d", key, status).contains(body.path("code").asText());
        }
    }

    /**
     * The schema as a document of its own, with the document's components for its references, and with
     * every object that names its properties closed to other ones, so an answer field the document does
     * not describe is a violation.
     */
    private JsonNode standalone(JsonNode schema) {
        ObjectNode standalone = schema.deepCopy();
        JsonNode components = document.path(COMPONENTS).deepCopy();
        closeObjects(components);
        standalone.set(COMPONENTS, components);
        return standalone;
    }

    private static void closeObjects(JsonNode node) {
        if (node instanceof ObjectNode object && object.has("properties") && !object.has("additionalProperties")) {
            object.put("additionalProperties", false);
        }
        node.forEach(OpenApiConformanceTest::closeObjects);
    }

    private static JsonNode parse(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError("the answer is not JSON: " + body, e);
        }
    }

    private String submitJob() {
        return Api.sampleJob(account).post("/v1/jobs").then().statusCode(202).extract().path("id");
    }

    /** What a worker does when the job succeeds with one output image; the job's id. */
    private String succeed(String id) {
        worker.succeed(id, List.of(new JobImage(JobImage.Role.OUTPUT, JobImages.outputKey(account.id(), id, 0),
                JobImages.OUTPUT_CONTENT_TYPE, 32, 32, 100)));
        return id;
    }

    /** What a worker does when the job's attempt fails for good; the job's id. */
    private String fail(String id) {
        worker.fail(id, "model_error", "the model failed");
        return id;
    }

    private static String base64(byte[] image) {
        return Base64.getEncoder().encodeToString(image);
    }
}
