package ai.induo.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import ai.induo.common.id.Ids;
import ai.induo.common.webhook.WebhookSigner;
import ai.induo.gateway.AdjustableClock;
import ai.induo.gateway.Api;
import ai.induo.gateway.WebhookReceiver;
import ai.induo.gateway.webhook.WebhookDeliveryEntity;
import ai.induo.gateway.webhook.WebhookDeliveryRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook delivery on the production schedule, on a clock the test moves forward, so a day of
 * retries runs in seconds: attempts at once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h after
 * each failure; secrets rotated out (an endpoint's, the account's) keep signing for 24 h; a receiver that does not answer times out.
 */
@QuarkusTest
@TestProfile(WebhookScheduleTest.ProductionSchedule.class)
class WebhookScheduleTest {

    static final List<Duration> SCHEDULE = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));
    static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final Duration SETTLE = Duration.ofSeconds(20);
    /** Real time an attempt may take on top of its scheduled delay: the sweep interval and a slow machine. */
    private static final Duration SLACK = Duration.ofSeconds(15);

    /** The production retry delays (the default profile shortens them), a short timeout and an {@link AdjustableClock}. */
    public static class ProductionSchedule extends AdjustableClock.Profile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "induo.gateway.webhooks.retry-delays", "5S,5M,30M,2H,5H,10H,10H",
                    "induo.gateway.webhooks.timeout", "1S",
                    "induo.gateway.webhooks.retention-sweep-every", "1S");
        }
    }

    @Inject
    AdjustableClock clock;

    @Inject
    WebhookDeliveryRepository deliveries;

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
    void aFailingReceiverGetsEightAttemptsOnTheScheduleWithOneWebhookIdThenDeliveryGivesUp() {
        receiver.answer("/down", 500);
        createEndpoint("/down");
        String job = cancelledJob();
        awaitAttempts(job, 1);

        clock.advance(SCHEDULE.get(0));
        awaitAttempts(job, 2);
        clock.advance(SCHEDULE.get(1).minusMinutes(1));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> receiver.at("/down").size() == 2);
        clock.advance(Duration.ofMinutes(1));
        awaitAttempts(job, 3);
        for (int attempt = 4; attempt <= SCHEDULE.size() + 1; attempt++) {
            clock.advance(SCHEDULE.get(attempt - 2));
            awaitAttempts(job, attempt);
        }

        JsonPath delivery = account.auth().get("/v1/webhook-deliveries?job_id=" + job).then().statusCode(200)
                .body("data[0].status", equalTo("failed"))
                .body("data[0].next_attempt_at", nullValue())
                .body("data[0].attempts", hasSize(8))
                .extract().jsonPath();
        List<Instant> times = delivery.getList("data[0].attempts.attempted_at", String.class).stream().map(Instant::parse).toList();
        for (int i = 1; i < times.size(); i++) {
            Duration gap = Duration.between(times.get(i - 1), times.get(i));
            assertThat(gap).as("gap before attempt %d", i + 1).isBetween(SCHEDULE.get(i - 1), SCHEDULE.get(i - 1).plus(SLACK));
        }
        assertThat(delivery.getList("data[0].attempts.status_code", Integer.class)).containsOnly(500);
        assertThat(receiver.at("/down")).hasSize(8)
                .extracting(received -> received.header("webhook-id")).containsOnly("msg_" + job + "_cancelled");

        clock.advance(Duration.ofDays(1));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> receiver.at("/down").size() == 8);
    }

    @Test
    void aReceiverThatAcceptsOnTheThirdAttemptEndsTheSchedule() {
        receiver.failFirst("/flaky", 2);
        createEndpoint("/flaky");
        String job = cancelledJob();
        awaitAttempts(job, 1);
        clock.advance(SCHEDULE.get(0));
        awaitAttempts(job, 2);
        clock.advance(SCHEDULE.get(1));
        awaitAttempts(job, 3);

        account.auth().get("/v1/webhook-deliveries?job_id=" + job).then()
                .body("data[0].status", equalTo("succeeded"))
                .body("data[0].next_attempt_at", nullValue())
                .body("data[0].attempts.status_code", contains(500, 500, 204));
    }

    @Test
    void aRotatedSecretSignsNextToTheNewOneFor24Hours() {
        JsonPath created = createEndpoint("/rotating");
        String oldSecret = created.getString("secret");
        JsonPath rotated = account.auth().post("/v1/webhook-endpoints/" + created.getString("id") + "/rotate-secret")
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .extract().jsonPath();
        String newSecret = rotated.getString("secret");
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
        assertThat(Duration.between(clock.instant(), Instant.parse(rotated.getString("previous_secret_expires_at"))))
                .isBetween(Duration.ofHours(24).minus(SLACK), Duration.ofHours(24));

        cancelledJob();
        await().atMost(SETTLE).until(() -> receiver.at("/rotating").size() == 1);
        assertThat(signatures(receiver.at("/rotating").get(0))).containsExactlyInAnyOrder(
                expectedSignature(newSecret, receiver.at("/rotating").get(0)), expectedSignature(oldSecret, receiver.at("/rotating").get(0)));

        clock.advance(Duration.ofHours(24).plusMinutes(1));
        cancelledJob();
        await().atMost(SETTLE).until(() -> receiver.at("/rotating").size() == 2);
        WebhookReceiver.Received later = receiver.at("/rotating").get(1);
        assertThat(signatures(later)).containsExactly(expectedSignature(newSecret, later));
    }

    @Test
    void aRotatedAccountSecretSignsJobWebhooksNextToTheNewOneFor24Hours() {
        String oldSecret = account.webhookSecret();
        JsonPath rotated = account.auth().post("/v1/account/webhook-secret/rotate")
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("object", equalTo("webhook_secret"))
                .extract().jsonPath();
        String newSecret = rotated.getString("secret");
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
        assertThat(Duration.between(clock.instant(), Instant.parse(rotated.getString("previous_secret_expires_at"))))
                .isBetween(Duration.ofHours(24).minus(SLACK), Duration.ofHours(24));

        cancelledJob(receiver.url("/job-url"));
        await().atMost(SETTLE).until(() -> receiver.at("/job-url").size() == 1);
        WebhookReceiver.Received during = receiver.at("/job-url").get(0);
        assertThat(signatures(during)).containsExactlyInAnyOrder(
                expectedSignature(newSecret, during), expectedSignature(oldSecret, during));

        clock.advance(Duration.ofHours(24).plusMinutes(1));
        cancelledJob(receiver.url("/job-url"));
        await().atMost(SETTLE).until(() -> receiver.at("/job-url").size() == 2);
        WebhookReceiver.Received after = receiver.at("/job-url").get(1);
        assertThat(signatures(after)).containsExactly(expectedSignature(newSecret, after));
    }

    @Test
    void aReceiverThatDoesNotAnswerTimesOutAndIsRetried() {
        receiver.hold("/stuck");
        createEndpoint("/stuck");
        String job = cancelledJob();

        awaitAttempts(job, 1);
        JsonPath delivery = account.auth().get("/v1/webhook-deliveries?job_id=" + job).then()
                .body("data[0].status", equalTo("pending"))
                .body("data[0].attempts[0].status_code", nullValue())
                .body("data[0].attempts[0].error", equalTo("No answer within 1 s."))
                .extract().jsonPath();
        assertThat(delivery.getLong("data[0].attempts[0].latency_ms")).isBetween(TIMEOUT.toMillis(), SLACK.toMillis());
        assertThat(Duration.between(Instant.parse(delivery.getString("data[0].attempts[0].attempted_at")),
                Instant.parse(delivery.getString("data[0].next_attempt_at")))).isBetween(SCHEDULE.get(0), SCHEDULE.get(0).plus(SLACK));
    }

    @Test
    void aDeliveryHeldByAGatewayThatCrashedIsSentWhenItsLeaseEnds() {
        String endpoint = createEndpoint("/later").getString("id");
        String job = cancelledJob();
        Instant now = clock.instant();
        WebhookDeliveryEntity orphan = new WebhookDeliveryEntity();
        orphan.id = Ids.newId(Ids.WEBHOOK_DELIVERY, now);
        orphan.accountId = account.id();
        orphan.jobId = job;
        orphan.endpointId = endpoint;
        orphan.eventId = "msg_" + job + "_replayed";
        orphan.eventType = "job.cancelled";
        orphan.dedupeKey = orphan.eventId + "|" + endpoint;
        orphan.status = WebhookDeliveryEntity.PENDING;
        orphan.nextAttemptAt = now;
        orphan.leaseUntil = now.plus(Duration.ofMinutes(10));
        orphan.createdAt = now;
        deliveries.persist(orphan);
        await().atMost(SETTLE).until(() -> receiver.at("/later").size() == 1);

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> receiver.at("/later").size() == 1);
        clock.advance(Duration.ofMinutes(10));
        await().atMost(SETTLE).until(() -> receiver.at("/later").size() == 2);
        assertThat(receiver.at("/later").get(1).header("webhook-id")).isEqualTo(orphan.eventId);
        account.auth().get("/v1/webhook-deliveries/" + orphan.id).then().statusCode(200)
                .body("status", equalTo("succeeded"))
                .body("attempts", hasSize(1));
    }

    @Test
    void aPendingDeliveryToADeletedEndpointEndsAtItsNextAttempt() {
        receiver.answer("/removed", 500);
        String endpoint = createEndpoint("/removed").getString("id");
        String job = cancelledJob();
        awaitAttempts(job, 1);

        account.auth().delete("/v1/webhook-endpoints/" + endpoint).then().statusCode(204);
        clock.advance(SCHEDULE.get(0));
        awaitAttempts(job, 2);
        account.auth().get("/v1/webhook-deliveries?job_id=" + job).then()
                .body("data[0].status", equalTo("failed"))
                .body("data[0].next_attempt_at", nullValue())
                .body("data[0].attempts[1].status_code", nullValue())
                .body("data[0].attempts[1].error", equalTo("The webhook endpoint was deleted."));
        assertThat(receiver.at("/removed")).hasSize(1);
    }

    @Test
    void finishedDeliveriesAreDeletedAfter30DaysAndPendingOnesAreKept() {
        receiver.answer("/pending", 500);
        createEndpoint("/done");
        String done = cancelledJob();
        awaitAttempts(done, 1);
        account.auth().delete("/v1/webhook-endpoints/" + account.auth().get("/v1/webhook-endpoints").then()
                .extract().path("data[0].id")).then().statusCode(204);
        createEndpoint("/pending");
        String pending = cancelledJob();
        awaitAttempts(pending, 1);
        String finished = account.auth().get("/v1/webhook-deliveries?job_id=" + done).then()
                .body("data[0].status", equalTo("succeeded")).extract().path("data[0].id");

        clock.advance(Duration.ofDays(30).plusMinutes(1));
        await().atMost(SETTLE).untilAsserted(() -> account.auth().get("/v1/webhook-deliveries/" + finished).then().statusCode(404));
        account.auth().get("/v1/webhook-deliveries?job_id=" + pending).then().body("data", hasSize(1));
    }

    private JsonPath createEndpoint(String path) {
        return account.auth().contentType("application/json").body(Map.of("url", receiver.url(path)))
                .post("/v1/webhook-endpoints").then().statusCode(201).extract().jsonPath();
    }

    private String cancelledJob() {
        return cancelledJob(null);
    }

    /** A job (with its own webhook URL when one is given) cancelled while queued: its event is job.cancelled. */
    private String cancelledJob(String webhookUrl) {
        var request = Api.sampleJob(account);
        if (webhookUrl != null) {
            request.multiPart("webhook_url", webhookUrl);
        }
        String id = request.post("/v1/jobs").then().statusCode(202).extract().path("id");
        account.auth().post("/v1/jobs/" + id + "/cancel").then().statusCode(200);
        return id;
    }

    private void awaitAttempts(String job, int attempts) {
        await().atMost(SETTLE).untilAsserted(() -> account.auth().get("/v1/webhook-deliveries?job_id=" + job).then()
                .body("data[0].attempts", hasSize(attempts)));
    }

    private static List<String> signatures(WebhookReceiver.Received received) {
        return Arrays.asList(received.header("webhook-signature").split(" "));
    }

    private static String expectedSignature(String secret, WebhookReceiver.Received received) {
        return WebhookSigner.sign(secret, received.header("webhook-id"), Instant.ofEpochSecond(Long.parseLong(received.header("webhook-timestamp"))),
                received.body()).signature();
    }
}
