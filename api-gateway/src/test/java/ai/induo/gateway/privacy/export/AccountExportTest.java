package ai.induo.gateway.privacy.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import ai.induo.common.id.Ids;
import ai.induo.common.job.JobErrorCode;
import ai.induo.gateway.ActingWorker;
import ai.induo.gateway.Api;
import ai.induo.gateway.account.ApiKeyRepository;
import ai.induo.gateway.requestlog.RequestLogRepository;
import ai.induo.gateway.webhook.WebhookDeliveryEntity;
import ai.induo.gateway.webhook.WebhookDeliveryRepository;
import ai.induo.testing.SampleImages;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.bson.Document;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccountExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ActingWorker worker;

    @Inject
    ApiKeyRepository apiKeys;

    @Inject
    RequestLogRepository requestLogs;

    @Inject
    WebhookDeliveryRepository deliveries;

    @Test
    void theExportHoldsEveryFileOfTheAccountAndNoSecret() throws IOException {
        Api.Account account = Api.signUp();
        Api.Account other = Api.signUp();
        String otherJob = Api.submitSampleJob(other);
        String extraKey = Api.createKey(account, "jobs:read");
        Response endpoint = account.auth().contentType("application/json")
                .body(Map.of("url", "http://127.0.0.1:9/hook", "description", "orders"))
                .post("/v1/webhook-endpoints").then().statusCode(201).extract().response();
        String endpointSecret = endpoint.path("secret");
        String succeeded = Api.sampleJob(account).multiPart("metadata", "{\"campaign_id\":\"summer\"}")
                .multiPart("webhook_url", "http://127.0.0.1:9/job-hook").post("/v1/jobs")
                .then().statusCode(202).extract().path("id");
        worker.succeedWithOutput(succeeded, SampleImages.personPng(32, 32), 32, 32);
        String failed = Api.submitSampleJob(account);
        worker.fail(failed, JobErrorCode.INVALID_INPUT, "The person image shows no person.");
        insertDelivery(account.id(), succeeded);
        await().atMost(Duration.ofSeconds(10)).until(() -> requestLogs.count("accountId", account.id()) > 0);

        Response answer = account.auth().get("/v1/account/export");
        answer.then().statusCode(200).contentType("application/zip").header("Cache-Control", "no-store")
                .header("Content-Disposition", "attachment; filename=\"induo-export-" + account.id() + "-"
                        + LocalDate.now(ZoneOffset.UTC) + ".zip\"");
        Map<String, byte[]> zip = entries(answer.asByteArray());

        assertThat(zip.keySet()).startsWith("README.txt").contains("account.json", "api_keys.json", "jobs.jsonl",
                "request_logs.jsonl", "webhook_endpoints.json", "webhook_deliveries.jsonl", "usage.json");
        assertThat(zip.keySet()).noneMatch(name -> name.startsWith("images/"));
        String readme = text(zip, "README.txt");
        assertThat(readme).contains("CCPA", "GDPR", "do not sell", "§1.1", "§1.2", "§1.3");
        zip.keySet().forEach(name -> assertThat(readme).contains(name));

        JsonNode accountFile = json(zip, "account.json");
        assertThat(accountFile.at("/account/id").asText()).isEqualTo(account.id());
        assertThat(accountFile.at("/account/email").asText()).isEqualTo(account.email());
        assertThat(accountFile.at("/account/training_opt_out").asBoolean()).isFalse();
        assertThat(accountFile.at("/account/output_retention_hours").asInt()).isEqualTo(24);
        assertThat(accountFile.at("/plan").asText()).isEqualTo("default");

        JsonNode keys = json(zip, "api_keys.json");
        assertThat(keys).hasSize(2);
        assertThat(keys.findValuesAsText("prefix"))
                .allSatisfy(prefix -> assertThat(extraKey.startsWith(prefix) || account.apiKey().startsWith(prefix)).isTrue());
        assertThat(keys.get(0).has("revoked_at")).isTrue();
        assertThat(keys.get(0).has("scopes")).isTrue();

        List<JsonNode> jobs = lines(zip, "jobs.jsonl");
        assertThat(jobs).extracting(job -> job.get("id").asText()).containsExactlyInAnyOrder(succeeded, failed);
        JsonNode done = jobs.stream().filter(job -> job.get("id").asText().equals(succeeded)).findFirst().orElseThrow();
        assertThat(done.get("status").asText()).isEqualTo("succeeded");
        assertThat(done.at("/metadata/campaign_id").asText()).isEqualTo("summer");
        assertThat(done.get("webhook_url").asText()).isEqualTo("http://127.0.0.1:9/job-hook");
        assertThat(done.get("status_history").findValuesAsText("to")).containsExactly("running", "succeeded");
        assertThat(done.get("inputs").findValuesAsText("role")).containsExactly("person", "product");
        assertThat(done.get("outputs").get(0).get("width").asInt()).isEqualTo(32);
        assertThat(done.toString()).doesNotContain(account.id()).doesNotContain("\"key\"");
        JsonNode error = jobs.stream().filter(job -> job.get("id").asText().equals(failed)).findFirst().orElseThrow()
                .get("errors").get(0);
        assertThat(error.get("code").asText()).isEqualTo(JobErrorCode.INVALID_INPUT);
        assertThat(error.get("message").asText()).isEqualTo("The person image shows no person.");

        assertThat(lines(zip, "request_logs.jsonl")).allSatisfy(entry -> assertThat(entry.get("object").asText()).isEqualTo("request_log"))
                .isNotEmpty();
        JsonNode endpoints = json(zip, "webhook_endpoints.json");
        assertThat(endpoints).hasSize(1);
        assertThat(endpoints.get(0).get("url").asText()).isEqualTo("http://127.0.0.1:9/hook");
        assertThat(endpoints.get(0).has("secret")).isFalse();
        List<JsonNode> sent = lines(zip, "webhook_deliveries.jsonl");
        assertThat(sent).anySatisfy(delivery -> assertThat(delivery.at("/attempts/0/status_code").asInt()).isEqualTo(500));

        JsonNode usage = json(zip, "usage.json");
        assertThat(usage.at("/by_day/0/jobs/total").asInt()).isEqualTo(2);
        assertThat(usage.get("by_status").findValuesAsText("group")).containsExactly("failed", "succeeded");

        String all = new String(concat(zip), StandardCharsets.UTF_8);
        String keyHash = apiKeys.find("accountId", account.id()).list().stream().map(key -> key.hash).findFirst().orElseThrow();
        assertThat(all).doesNotContain(account.apiKey()).doesNotContain(extraKey).doesNotContain(keyHash)
                .doesNotContain(endpointSecret).doesNotContain(account.webhookSecret()).doesNotContain(account.password())
                .doesNotContain(other.id()).doesNotContain(other.email()).doesNotContain(otherJob);
        assertThat(all).doesNotContain(endpointSecret.substring("whsec_".length()))
                .doesNotContain(account.webhookSecret().substring("whsec_".length()));
    }

    @Test
    void imagesAreIncludedDecryptedWhenAskedFor() throws IOException {
        Api.Account account = Api.signUp();
        String jobId = Api.submitSampleJob(account);
        byte[] output = SampleImages.personPng(24, 20);
        worker.succeedWithOutput(jobId, output, 24, 20);

        Map<String, byte[]> zip = entries(account.auth().queryParam("include_images", "true").get("/v1/account/export")
                .then().statusCode(200).extract().asByteArray());

        assertThat(zip).containsKeys("images/" + jobId + "/person.png", "images/" + jobId + "/product-1.png",
                "images/" + jobId + "/output-1.png");
        assertThat(zip.get("images/" + jobId + "/output-1.png")).isEqualTo(output);
        BufferedImage person = ImageIO.read(new ByteArrayInputStream(zip.get("images/" + jobId + "/person.png")));
        assertThat(person.getWidth()).isEqualTo(96);
        assertThat(person.getHeight()).isEqualTo(128);
        BufferedImage product = ImageIO.read(new ByteArrayInputStream(zip.get("images/" + jobId + "/product-1.png")));
        assertThat(product.getWidth()).isEqualTo(64);
    }

    @Test
    void onlyAccountAdminExportsAndTheParameterIsChecked() {
        Api.Account account = Api.signUp();
        Api.bearer(Api.createKey(account, "jobs:write", "jobs:read")).get("/v1/account/export")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("insufficient_scope"));
        account.auth().queryParam("include_images", "yes").get("/v1/account/export")
                .then().statusCode(400).body("code", equalTo("invalid_request"));
        account.auth().queryParam("images", "true").get("/v1/account/export")
                .then().statusCode(400).body("code", equalTo("invalid_request"));
        Api.bearer(Api.signIn(account)).get("/v1/account/export").then().statusCode(200).contentType("application/zip");
    }

    private void insertDelivery(String accountId, String jobId) {
        WebhookDeliveryEntity delivery = new WebhookDeliveryEntity();
        delivery.id = Ids.newId(Ids.WEBHOOK_DELIVERY, Instant.now());
        delivery.accountId = accountId;
        delivery.jobId = jobId;
        delivery.url = "http://127.0.0.1:9/job-hook";
        delivery.eventId = "msg_" + jobId + "_succeeded";
        delivery.eventType = "job.succeeded";
        delivery.dedupeKey = delivery.eventId + ":export-test";
        delivery.status = WebhookDeliveryEntity.FAILED;
        delivery.createdAt = Instant.now();
        WebhookDeliveryEntity.Attempt attempt = new WebhookDeliveryEntity.Attempt();
        attempt.at = Instant.now();
        attempt.url = delivery.url;
        attempt.statusCode = 500;
        attempt.latencyMs = 12;
        attempt.error = "the receiver answered 500";
        attempt.trigger = "scheduled";
        delivery.attempts.add(attempt);
        deliveries.persist(delivery);
    }

    private static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static String text(Map<String, byte[]> zip, String name) {
        return new String(zip.get(name), StandardCharsets.UTF_8);
    }

    private static JsonNode json(Map<String, byte[]> zip, String name) throws IOException {
        return JSON.readTree(zip.get(name));
    }

    private static List<JsonNode> lines(Map<String, byte[]> zip, String name) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text(zip, name).split("\n")) {
            if (!line.isEmpty()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    private static byte[] concat(Map<String, byte[]> zip) {
        return zip.values().stream().reduce(new byte[0], (a, b) -> {
            byte[] joined = new byte[a.length + b.length];
            System.arraycopy(a, 0, joined, 0, a.length);
            System.arraycopy(b, 0, joined, a.length, b.length);
            return joined;
        });
    }
}
