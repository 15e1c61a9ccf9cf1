package ai.induo.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import ai.induo.common.job.JobStatus;
import ai.induo.common.job.JobStore;
import ai.induo.gateway.ActingWorker;
import ai.induo.gateway.Api;
import ai.induo.gateway.retention.ShortRetention;
import ai.induo.testing.SampleImages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Images are deleted a short time after their job ends, as the privacy policy promises. */
@QuarkusTest
@TestProfile(ShortRetention.class)
class RetentionTest {

    @Inject
    JobStore jobs;

    @Inject
    ActingWorker worker;

    private Api.Account account;

    @BeforeEach
    void signUp() {
        account = Api.signUp();
    }

    @Test
    void inputsAndThenOutputsAreDeletedAfterTheirRetentionAndTheOutputUrlAnswersGone() throws IOException {
        String id = Api.sampleJob(account).post("/v1/jobs").then().statusCode(202).extract().path("id");
        Path jobDir = Path.of("target/test-objects/accounts", account.id(), "jobs", id);
        assertThat(files(jobDir.resolve("inputs"))).hasSize(2);

        worker.succeedWithOutput(id, SampleImages.personPng(32, 32), 32, 32);
        String url = account.auth().get("/v1/jobs/" + id).then().body("outputs", hasSize(1)).extract().path("outputs[0].url");
        URI signed = URI.create(url);
        String pathAndQuery = signed.getRawPath() + "?" + signed.getRawQuery();

        await().atMost(Duration.ofSeconds(15)).until(() -> jobs.find(id).orElseThrow().inputsDeletedAt() != null);
        assertThat(files(jobDir.resolve("inputs"))).isEmpty();
        given().urlEncodingEnabled(false).get(pathAndQuery).then().statusCode(200);

        await().atMost(Duration.ofSeconds(15)).until(() -> jobs.find(id).orElseThrow().outputsDeletedAt() != null);
        assertThat(files(jobDir.resolve("outputs"))).isEmpty();
        given().urlEncodingEnabled(false).get(pathAndQuery).then().statusCode(410).body("code", equalTo("url_expired"));
        account.auth().get("/v1/jobs/" + id).then().statusCode(200)
                .body("status", equalTo(JobStatus.SUCCEEDED.wireName()))
                .body("outputs", hasSize(0));
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
