package ai.induo.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import ai.induo.gateway.Api;
import ai.induo.common.job.Job;
import ai.induo.common.job.JobStatus;
import ai.induo.common.job.JobStore;
import ai.induo.gateway.completion.CompletionRepository;
import ai.induo.testing.SampleImages;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class JobDeadlineTest {

    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final Duration SETTLE = Duration.ofSeconds(20);

    @Inject
    JobStore jobs;

    @Inject
    CompletionRepository completions;

    private Api.Account account;

    @BeforeEach
    void signUp() {
        account = Api.signUp();
    }

    @Test
    void theDeadlineIsShownAsExpiresAtFromTheSubmission() {
        Response response = Api.sampleJob(account).multiPart("expires_in", "600").post("/v1/jobs");
        response.then().statusCode(202);
        Instant createdAt = Instant.parse(response.path("created_at"));
        assertThat(Instant.parse(response.<String>path("expires_at"))).isEqualTo(createdAt.plusSeconds(600));

        String withoutDeadline = Api.sampleJob(account).post("/v1/jobs").then().statusCode(202)
                .body("expires_at", nullValue()).extract().path("id");
        account.auth().get("/v1/jobs/" + withoutDeadline).then().body("expires_at", nullValue());
    }

    @Test
    void aJsonSubmissionTakesTheDeadlineToo() {
        Response response = account.auth().contentType("application/json").body(jsonJob(Map.of("expires_in", 30)))
                .post("/v1/jobs");
        response.then().statusCode(202);
        assertThat(Instant.parse(response.<String>path("expires_at")))
                .isEqualTo(Instant.parse(response.<String>path("created_at")).plusSeconds(30));
    }

    @Test
    void aJobNotStartedByItsDeadlineExpiresAndIsNeverRun() {
        String id = Api.sampleJob(account).multiPart("expires_in", "1").post("/v1/jobs").then().statusCode(202)
                .extract().path("id");

        await().atMost(SETTLE).until(() -> "expired".equals(account.auth().get("/v1/jobs/" + id).path("status")));
        assertThat(jobs.claim(id, "test-worker", Instant.now(), LEASE)).isEmpty();
        Job expired = jobs.find(id).orElseThrow();
        assertThat(expired.transitions()).extracting(transition -> transition.to()).containsExactly(JobStatus.EXPIRED);
        assertThat(expired.finishedAt()).isNotNull();
        await().atMost(SETTLE).until(() -> completions.findById(id).notifiedAt != null);
    }

    @Test
    void aWorkerCannotClaimAJobPastItsDeadline() {
        String id = Api.sampleJob(account).multiPart("expires_in", "3600").post("/v1/jobs").then().statusCode(202)
                .extract().path("id");
        Instant passed = Instant.now().minusSeconds(1);
        completions.mongoCollection().updateOne(Filters.eq("_id", id), Updates.set("expiresAt", passed));

        assertThat(jobs.claim(id, "test-worker", Instant.now(), LEASE)).isEmpty();
        await().atMost(SETTLE).until(() -> jobs.find(id).orElseThrow().status() == JobStatus.EXPIRED);
    }

    @Test
    void aJobWithADeadlineAheadIsClaimedNormally() {
        String id = Api.sampleJob(account).multiPart("expires_in", "3600").post("/v1/jobs").then().statusCode(202)
                .extract().path("id");

        Job running = jobs.claim(id, "test-worker", Instant.now(), LEASE).orElseThrow();
        assertThat(jobs.expire(running.toBuilder().status(JobStatus.QUEUED).version(0).build(), Instant.now())).isEmpty();
        assertThat(jobs.find(id)).contains(running);
    }

    @Test
    void anInvalidMultipartDeadlineIsRefusedNamingTheField() {
        for (String value : List.of("0", "86401", "-5", "ten", "1.5", "")) {
            Api.sampleJob(account).multiPart("expires_in", value).post("/v1/jobs").then().statusCode(422)
                    .body("code", equalTo("invalid_request"))
                    .body("detail", containsString("expires_in"));
        }
        account.auth().get("/v1/jobs").then().body("data.size()", equalTo(0));
    }

    @Test
    void anInvalidJsonDeadlineIsRefusedNamingTheField() {
        for (Object value : List.of(0, 86401, "60", 1.5, true)) {
            account.auth().contentType("application/json").body(jsonJob(Map.of("expires_in", value))).post("/v1/jobs")
                    .then().statusCode(422)
                    .body("code", equalTo("invalid_request"))
                    .body("detail", containsString("expires_in"));
        }
    }

    private static Map<String, Object> jsonJob(Map<String, Object> extra) {
        String person = Base64.getEncoder().encodeToString(SampleImages.personPng(80, 100));
        String product = Base64.getEncoder().encodeToString(SampleImages.productPng(40, 40));
        Map<String, Object> body = new HashMap<>(Map.of("person_image", person, "product_images", List.of(product)));
        body.putAll(extra);
        return body;
    }
}
