package ai.induo.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import ai.induo.gateway.Api;
import ai.induo.platform.job.JobEntity;
import ai.induo.platform.job.JobRepository;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A worker that dies mid-job does not strand it: the reaper takes the job back when the lease runs out. */
@QuarkusTest
class LeaseReaperTest {

    @Inject
    JobRepository jobs;

    private Api.Account account;

    @BeforeEach
    void signUp() {
        account = Api.signUp();
    }

    @Test
    void aJobWhoseWorkerStoppedRenewingGoesBackToTheQueueAndIsPublishedAgain() {
        String id = Api.sampleJob(account).post("/v1/jobs").then().statusCode(202).extract().path("id");
        jobs.claim(id, "dead-worker", Instant.now(), Duration.ofMillis(1)).orElseThrow();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JobEntity job = jobs.findById(id);
            assertThat(job.status).isEqualTo("queued");
            assertThat(job.dispatched).isTrue();
        });
        JobEntity job = jobs.findById(id);
        assertThat(job.errors).singleElement().satisfies(error -> {
            assertThat(error.code).isEqualTo("worker_lost");
            assertThat(error.attempt).isEqualTo(1);
        });
        assertThat(job.leaseOwner).isNull();
    }

    @Test
    void onItsLastAttemptTheJobFailsWithWorkerLost() {
        String id = Api.sampleJob(account).post("/v1/jobs").then().statusCode(202).extract().path("id");
        jobs.mongoCollection().updateOne(new Document("_id", id), new Document("$set", new Document("attempt", 2)));
        jobs.claim(id, "dead-worker", Instant.now(), Duration.ofMillis(1)).orElseThrow();

        await().atMost(Duration.ofSeconds(20)).until(() -> jobs.findById(id).status.equals("failed"));
        account.auth().get("/v1/jobs/" + id).then().statusCode(200)
                .body("status", equalTo("failed"))
                .body("attempts", equalTo(3))
                .body("error.code", equalTo("worker_lost"));
    }
}
