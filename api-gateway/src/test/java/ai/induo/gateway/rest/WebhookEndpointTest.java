package ai.induo.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import ai.induo.common.webhook.WebhookSigner;
import ai.induo.gateway.Api;
import ai.induo.gateway.WebhookReceiver;
import ai.induo.gateway.webhook.WebhookEndpointRepository;
import ai.induo.gateway.webhook.WebhookEndpointService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhook endpoints through the API: managing them, and what their deliveries look like. */
@QuarkusTest
class WebhookEndpointTest {

    private static final Duration SETTLE = Duration.ofSeconds(20);

    @Inject
    WebhookEndpointRepository endpoints;

    private Api.Account account;
    private WebhookReceiver receiver;

    @BeforeEach
    void start() throws IOException {
        account = Api.signUp();
        receiver = WebhookReceiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void anEndpointIsCreatedWithItsSecretShownOnceAndListedWithoutIt() {
        JsonPath created = createEndpoint(Map.of("url", receiver.url("/hook"), "event_types", List.of("job.succeeded"),
                "description", " Orders service "))
                .then().statusCode(201)
                .header("Cache-Control", "no-store")
                .body("id", startsWith("ep_"))
                .body("object", equalTo("webhook_endpoint"))
                .body("url", equalTo(receiver.url("/hook")))
                .body("description", equalTo("Orders service"))
                .body("event_types", contains("job.succeeded"))
                .body("enabled", equalTo(true))
                .body("secret", startsWith("whsec_"))
                .extract().jsonPath();
        String id = created.getString("id");

        account.auth().get("/v1/webhook-endpoints").then().statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].id", equalTo(id))
                .body("data[0]", not(hasKey("secret")));
        account.auth().get("/v1/webhook-endpoints/" + id).then().statusCode(200)
                .body("event_types", contains("job.succeeded"))
                .body("$", not(hasKey("secret")));

        Document stored = endpoints.mongoCollection().withDocumentClass(Document.class).find(new Document("_id", id)).first();
        assertThat(stored.toJson()).doesNotContain(created.getString("secret")).doesNotContain(created.getString("secret").substring(6));
    }

    @Test
    void patchChangesOnlyTheFieldsGivenAndDeleteRemovesTheEndpoint() {
        String id = createEndpoint(Map.of("url", receiver.url("/hook"))).then().statusCode(201).extract().path("id");

        account.auth().contentType("application/json").body(Map.of("event_types", List.of("job.failed", "job.expired"), "enabled", false))
                .patch("/v1/webhook-endpoints/" + id).then().statusCode(200)
                .body("url", equalTo(receiver.url("/hook")))
                .body("event_types", contains("job.failed", "job.expired"))
                .body("enabled", equalTo(false));
        account.auth().contentType("application/json").body(Map.of("url", receiver.url("/other")))
                .patch("/v1/webhook-endpoints/" + id).then().statusCode(200)
                .body("url", equalTo(receiver.url("/other")))
                .body("enabled", equalTo(false));

        account.auth().delete("/v1/webhook-endpoints/" + id).then().statusCode(204);
        account.auth().get("/v1/webhook-endpoints/" + id).then().statusCode(404).body("code", equalTo("not_found"));
        account.auth().delete("/v1/webhook-endpoints/" + id).then().statusCode(404);
        account.auth().get("/v1/webhook-endpoints").then().body("data", empty());
    }

    @Test
    void badEndpointRequestsAreRefusedWithTheirCodes() {
        createEndpoint(Map.of()).then().statusCode(422).body("code", equalTo("invalid_webhook_url"));
        createEndpoint(Map.of("url", "ftp://example.com/hook")).then().statusCode(422).body("code", equalTo("invalid_webhook_url"));
        createEndpoint(Map.of("url", "http://10.0.0.8/hook")).then().statusCode(422).body("code", equalTo("invalid_webhook_url"));
        createEndpoint(Map.of("url", receiver.url("/hook"), "event_types", List.of("job.exploded")))
                .then().statusCode(422).body("code", equalTo("invalid_event_type"));
        createEndpoint(Map.of("url", receiver.url("/hook"), "enabled", "yes"))
                .then().statusCode(400).body("code", equalTo("invalid_request"));
        createEndpoint(Map.of("url", receiver.url("/hook"), "secret", "whsec_mine"))
                .then().statusCode(400).body("code", equalTo("invalid_request"));
        createEndpoint(Map.of("url", receiver.url("/hook"), "description", "x".repeat(WebhookEndpointService.MAX_DESCRIPTION_CHARS + 1)))
                .then().statusCode(422).body("code", equalTo("invalid_request"));
        account.auth().contentType("application/json").body("[1, 2]").post("/v1/webhook-endpoints")
                .then().statusCode(400).body("code", equalTo("malformed_json"));
        account.auth().get("/v1/webhook-endpoints").then().body("data", empty());
    }

    @Test
    void anAccountHoldsAtMostTwentyEndpoints() {
        for (int i = 0; i < WebhookEndpointService.MAX_ENDPOINTS; i++) {
            createEndpoint(Map.of("url", receiver.url("/hook" + i))).then().statusCode(201);
        }
        createEndpoint(Map.of("url", receiver.url("/one-more"))).then().statusCode(422)
                .body("code", equalTo("too_many_webhook_endpoints"));
    }

    @Test
    void aKeyWithoutAccountAdminCannotManageEndpoints() {
        String jobsKey = Api.createKey(account, "jobs:write", "jobs:read");
        Api.bearer(jobsKey).contentType("application/json").body(Map.of("url", receiver.url("/hook")))
                .post("/v1/webhook-endpoints").then().statusCode(403).body("code", equalTo("insufficient_scope"));
        Api.bearer(jobsKey).get("/v1/webhook-deliveries").then().statusCode(403).body("code", equalTo("insufficient_scope"));
    }

    @Test
    void theSameIdempotencyKeyCreatesOneEndpoint() {
        Map<String, Object> body = Map.of("url", receiver.url("/hook"));
        String first = account.auth().header("Idempotency-Key", "ep-1").contentType("application/json").body(body)
                .post("/v1/webhook-endpoints").then().statusCode(201).extract().path("id");
        String second = account.auth().header("Idempotency-Key", "ep-1").contentType("application/json").body(body)
                .post("/v1/webhook-endpoints").then().statusCode(201).extract().path("id");
        assertThat(second).isEqualTo(first);
        account.auth().get("/v1/webhook-endpoints").then().body("data", hasSize(1));
    }

    @Test
    void aRetriedRotationWithTheSameIdempotencyKeyRotatesOnceAndShowsTheSameSecret() {
        String id = createEndpoint(Map.of("url", receiver.url("/hook"))).then().statusCode(201).extract().path("id");
        String first = account.auth().header("Idempotency-Key", "rotate-1").post("/v1/webhook-endpoints/" + id + "/rotate-secret")
                .then().statusCode(200).extract().path("secret");
        account.auth().header("Idempotency-Key", "rotate-1").post("/v1/webhook-endpoints/" + id + "/rotate-secret")
                .then().statusCode(200).header("Idempotent-Replayed", "true").body("secret", equalTo(first));

        Document stored = endpoints.mongoCollection().withDocumentClass(Document.class).find(new Document("_id", id)).first();
        assertThat(stored.getList("secrets", Document.class)).hasSize(2);
    }

    @Test
    void anEndpointReceivesTheEventTypesItWantsSignedWithItsOwnSecret() throws Exception {
        JsonPath cancelled = createEndpoint(Map.of("url", receiver.url("/cancelled"), "event_types", List.of("job.cancelled")))
                .then().statusCode(201).extract().jsonPath();
        createEndpoint(Map.of("url", receiver.url("/succeeded"), "event_types", List.of("job.succeeded"))).then().statusCode(201);
        String disabled = createEndpoint(Map.of("url", receiver.url("/disabled"), "enabled", false))
                .then().statusCode(201).extract().path("id");

        String job = cancelledJob(receiver.url("/job-url"));

        await().atMost(SETTLE).until(() -> receiver.at("/cancelled").size() == 1 && receiver.at("/job-url").size() == 1);
        WebhookReceiver.Received received = receiver.at("/cancelled").get(0);
        WebhookSigner.verify(cancelled.getString("secret"), received.headers(), received.body());
        WebhookReceiver.Received jobUrl = receiver.at("/job-url").get(0);
        WebhookSigner.verify(account.webhookSecret(), jobUrl.headers(), jobUrl.body());
        assertThat(received.header("webhook-id")).isEqualTo("msg_" + job + "_cancelled").isEqualTo(jobUrl.header("webhook-id"));
        assertThat(received.body()).contains("\"type\":\"job.cancelled\"").contains("\"id\":\"" + job + "\"");

        await().atMost(SETTLE).untilAsserted(() -> account.auth().get("/v1/webhook-deliveries?job_id=" + job).then().statusCode(200)
                .body("data", hasSize(2))
                .body("data.status", contains("succeeded", "succeeded")));
        account.auth().get("/v1/webhook-deliveries?endpoint_id=" + cancelled.getString("id")).then()
                .body("data", hasSize(1))
                .body("data[0].event_id", equalTo("msg_" + job + "_cancelled"))
                .body("data[0].event_type", equalTo("job.cancelled"))
                .body("data[0].job_id", equalTo(job))
                .body("data[0].attempts", hasSize(1))
                .body("data[0].attempts[0].status_code", equalTo(204))
                .body("data[0].attempts[0].url", equalTo(receiver.url("/cancelled")))
                .body("data[0].attempts[0].latency_ms", notNullValue())
                .body("data[0].attempts[0].error", nullValue())
                .body("data[0].attempts[0].trigger", equalTo("scheduled"));
        account.auth().get("/v1/webhook-deliveries?endpoint_id=" + disabled).then().body("data", empty());
        assertThat(receiver.at("/succeeded")).isEmpty();
        assertThat(receiver.at("/disabled")).isEmpty();
    }

    @Test
    void a410DisablesTheEndpointAndEndsItsDelivery() {
        receiver.answer("/gone", 410);
        String endpoint = createEndpoint(Map.of("url", receiver.url("/gone"))).then().statusCode(201).extract().path("id");
        String job = cancelledJob(null);

        await().atMost(SETTLE).untilAsserted(() -> account.auth().get("/v1/webhook-endpoints/" + endpoint).then()
                .body("enabled", equalTo(false))
                .body("disabled_reason", equalTo("The receiver answered 410 Gone.")));
        account.auth().get("/v1/webhook-deliveries?job_id=" + job).then()
                .body("data[0].status", equalTo("failed"))
                .body("data[0].next_attempt_at", nullValue())
                .body("data[0].attempts[0].status_code", equalTo(410));

        account.auth().contentType("application/json").body(Map.of("enabled", true))
                .patch("/v1/webhook-endpoints/" + endpoint).then().statusCode(200)
                .body("enabled", equalTo(true)).body("disabled_reason", nullValue());
    }

    @Test
    void aRedirectIsNotFollowedAndTheAttemptCountsAsFailed() {
        receiver.redirect("/moved", receiver.url("/target"));
        createEndpoint(Map.of("url", receiver.url("/moved"))).then().statusCode(201);
        String job = cancelledJob(null);

        await().atMost(SETTLE).untilAsserted(() -> account.auth().get("/v1/webhook-deliveries?job_id=" + job).then()
                .body("data[0].attempts[0].status_code", equalTo(302)));
        account.auth().get("/v1/webhook-deliveries?job_id=" + job).then()
                .body("data[0].status", equalTo("pending"))
                .body("data[0].next_attempt_at", notNullValue())
                .body("data[0].attempts[0].error", equalTo("The receiver answered 302."));
        assertThat(receiver.at("/target")).isEmpty();
    }

    @Test
    void aManualRetrySendsTheDeliveryAgainNowWithTheSameWebhookId() {
        String endpoint = createEndpoint(Map.of("url", receiver.url("/hook"))).then().statusCode(201).extract().path("id");
        String job = cancelledJob(null);
        await().atMost(SETTLE).until(() -> receiver.at("/hook").size() == 1);
        String delivery = awaitDelivery(job, "succeeded");

        account.auth().post("/v1/webhook-deliveries/" + delivery + "/retry").then().statusCode(200)
                .body("id", equalTo(delivery))
                .body("status", equalTo("succeeded"))
                .body("attempts", hasSize(2))
                .body("attempts[1].trigger", equalTo("manual"))
                .body("attempts[1].status_code", equalTo(204));
        assertThat(receiver.at("/hook")).hasSize(2)
                .extracting(received -> received.header("webhook-id")).containsOnly("msg_" + job + "_cancelled");

        receiver.answer("/hook", 503);
        account.auth().post("/v1/webhook-deliveries/" + delivery + "/retry").then().statusCode(200)
                .body("status", equalTo("failed"))
                .body("attempts[2].status_code", equalTo(503))
                .body("attempts[2].error", equalTo("The receiver answered 503."));

        account.auth().contentType("application/json").body(Map.of("enabled", false))
                .patch("/v1/webhook-endpoints/" + endpoint).then().statusCode(200);
        account.auth().post("/v1/webhook-deliveries/" + delivery + "/retry").then().statusCode(409)
                .body("code", equalTo("webhook_endpoint_disabled"));
    }

    @Test
    void deliveriesArePagedNewestFirstAndBadQueriesAreRefused() {
        createEndpoint(Map.of("url", receiver.url("/a"))).then().statusCode(201);
        createEndpoint(Map.of("url", receiver.url("/b"))).then().statusCode(201);
        String job = cancelledJob(null);
        await().atMost(SETTLE).until(() -> receiver.at("/a").size() + receiver.at("/b").size() == 2);

        String first = account.auth().get("/v1/webhook-deliveries?limit=1").then().statusCode(200)
                .body("data", hasSize(1)).body("has_more", equalTo(true)).extract().path("data[0].id");
        String second = account.auth().get("/v1/webhook-deliveries?limit=1&starting_after=" + first).then().statusCode(200)
                .body("data", hasSize(1)).body("has_more", equalTo(false)).extract().path("data[0].id");
        assertThat(second).isLessThan(first);
        account.auth().get("/v1/webhook-deliveries?status=succeeded&job_id=" + job).then().body("data", hasSize(2));

        Map<String, String> bad = new HashMap<>();
        bad.put("job_id=nope", "job_id must be a job id.");
        bad.put("endpoint_id=" + job, "endpoint_id must be a webhook endpoint id.");
        bad.put("status=lost", "status must be one of pending, succeeded, failed.");
        bad.put("limit=101", "limit must be a whole number from 1 to 100.");
        bad.put("colour=red", "Unknown parameter 'colour'; the parameters are job_id, endpoint_id, status, limit and starting_after.");
        bad.forEach((query, detail) -> account.auth().get("/v1/webhook-deliveries?" + query).then().statusCode(400)
                .body("code", equalTo("invalid_request")).body("detail", equalTo(detail)));
    }

    private Response createEndpoint(Map<String, Object> body) {
        return account.auth().contentType("application/json").body(body).post("/v1/webhook-endpoints");
    }

    /** A job submitted (with its own webhook URL when one is given) and cancelled while queued: its event is job.cancelled. */
    private String cancelledJob(String webhookUrl) {
        var request = Api.sampleJob(account);
        if (webhookUrl != null) {
            request.multiPart("webhook_url", webhookUrl);
        }
        String id = request.post("/v1/jobs").then().statusCode(202).extract().path("id");
        account.auth().post("/v1/jobs/" + id + "/cancel").then().statusCode(200).body("status", equalTo("cancelled"));
        return id;
    }

    private String awaitDelivery(String job, String status) {
        await().atMost(SETTLE).untilAsserted(() -> account.auth().get("/v1/webhook-deliveries?job_id=" + job).then()
                .body("data[0].status", equalTo(status)));
        return account.auth().get("/v1/webhook-deliveries?job_id=" + job).then().extract().path("data[0].id");
    }
}
