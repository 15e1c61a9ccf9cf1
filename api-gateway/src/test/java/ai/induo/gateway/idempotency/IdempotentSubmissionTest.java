package ai.induo.gateway.idempotency;

import static ai.induo.gateway.idempotency.IdempotencyAnswers.assertKeyReused;
import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import ai.induo.gateway.AdjustableClock;
import ai.induo.gateway.Api;
import ai.induo.gateway.StoredFiles;
import ai.induo.gateway.job.JobListRepository;
import ai.induo.gateway.job.JobService;
import ai.induo.gateway.problem.ApiException;
import ai.induo.testing.SampleImages;
import com.mongodb.client.MongoClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An {@code Idempotency-Key} on a job submission is bound to the job itself: however late a retry
 * comes (after the gateway died between storing the job and answering, after the key's window), it
 * answers the stored job and never stores a second one.
 */
@QuarkusTest
@TestProfile(IdempotencyExpiryTest.AdjustableWindow.class)
class IdempotentSubmissionTest {

    @Inject
    AdjustableClock clock;

    @Inject
    IdempotencyRepository records;

    @Inject
    JobListRepository jobs;

    @Inject
    JobService intake;

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    private Api.Account account;

    @BeforeEach
    void signUp() {
        account = Api.signUp();
    }

    /** The key's record as a gateway leaves it when it dies after storing the job: reserved, no answer. */
    @Test
    void aRetryAfterTheGatewayDiedBetweenStoringTheJobAndAnsweringGetsThatJob() {
        String key = UUID.randomUUID().toString();
        Response first = Api.sampleJob(account.auth().header(IdempotencyFilter.HEADER, key)).post("/v1/jobs");
        String id = first.then().statusCode(202).extract().path("id");
        IdempotencyRecord record = records.find("scope", "account:" + account.id()).firstResult();
        records.deleteById(record.id);
        IdempotencyRecord reserved = new IdempotencyRecord();
        reserved.id = record.id;
        reserved.scope = record.scope;
        reserved.key = key;
        reserved.state = IdempotencyRecord.IN_PROGRESS;
        reserved.createdAt = clock.instant();
        reserved.expiresAt = clock.instant().plus(IdempotencyExpiryTest.WINDOW);
        assertThat(records.reserve(reserved)).isTrue();

        Api.sampleJob(account.auth().header(IdempotencyFilter.HEADER, key)).post("/v1/jobs")
                .then().statusCode(409).body("code", equalTo("idempotency_request_in_progress"));
        clock.advance(IdempotencyExpiryTest.ABANDONED_AFTER.plusSeconds(1));

        Api.sampleJob(account.auth().header(IdempotencyFilter.HEADER, key)).post("/v1/jobs")
                .then()
                .statusCode(202)
                .header(IdempotencyFilter.REPLAYED_HEADER, "true")
                .header("Location", first.header("Location"))
                .body("id", equalTo(id))
                .body("object", equalTo("job"));
        Api.sampleJob(account.auth().header(IdempotencyFilter.HEADER, key)).post("/v1/jobs")
                .then().statusCode(202).header(IdempotencyFilter.REPLAYED_HEADER, "true").body("id", equalTo(id));
        assertThat(jobCount(account)).isEqualTo(1);
    }

    @Test
    void aRetryAfterTheKeysWindowStillGetsItsJob() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Api.jsonJob(SampleImages.personPng(80, 100));
        String id = account.auth().header(IdempotencyFilter.HEADER, key).contentType("application/json").body(body)
                .post("/v1/jobs").then().statusCode(202).extract().path("id");

        clock.advance(IdempotencyExpiryTest.WINDOW.plusHours(1));

        account.auth().header(IdempotencyFilter.HEADER, key).contentType("application/json").body(body).post("/v1/jobs")
                .then().statusCode(202).header(IdempotencyFilter.REPLAYED_HEADER, "true").body("id", equalTo(id));
        assertThat(jobCount(account)).isEqualTo(1);
    }

    @Test
    void anotherSubmissionUnderABoundKeyIsRefusedHoweverLate() {
        String key = UUID.randomUUID().toString();
        account.auth().header(IdempotencyFilter.HEADER, key).contentType("application/json")
                .body(Api.jsonJob(SampleImages.personPng(80, 100))).post("/v1/jobs").then().statusCode(202);

        clock.advance(IdempotencyExpiryTest.WINDOW.plusHours(1));

        assertKeyReused(account.auth().header(IdempotencyFilter.HEADER, key).contentType("application/json")
                .body(Api.jsonJob(SampleImages.personPng(81, 100))).post("/v1/jobs"));
        assertThat(jobCount(account)).isEqualTo(1);
    }

    @Test
    void anotherAccountUsingTheKeyGetsItsOwnJob() {
        String key = UUID.randomUUID().toString();
        Api.Account other = Api.signUp();
        String mine = Api.sampleJob(account.auth().header(IdempotencyFilter.HEADER, key)).post("/v1/jobs")
                .then().statusCode(202).extract().path("id");
        clock.advance(IdempotencyExpiryTest.WINDOW.plusHours(1));

        String theirs = Api.sampleJob(other.auth().header(IdempotencyFilter.HEADER, key)).post("/v1/jobs")
                .then().statusCode(202).header(IdempotencyFilter.REPLAYED_HEADER, nullValue()).extract().path("id");
        Api.sampleJob(account.auth().header(IdempotencyFilter.HEADER, key)).post("/v1/jobs")
                .then().statusCode(202).body("id", equalTo(mine));

        assertThat(theirs).isNotEqualTo(mine);
        assertThat(jobCount(account)).isEqualTo(1);
        assertThat(jobCount(other)).isEqualTo(1);
    }

    /** Two submissions under one key that both began before either stored its job: the second insert loses. */
    @Test
    void aSubmissionThatLosesTheRaceForItsKeyAnswersTheStoredJobAndKeepsNothing() {
        IdempotencyBinding binding = new FixedBinding(UUID.randomUUID().toString(), "digest of the one request");
        try (JobService.Intake first = intake.begin(account.id(), Optional.of(binding));
                JobService.Intake second = intake.begin(account.id(), Optional.of(binding))) {
            addImages(first);
            addImages(second);

            JobService.Submitted won = first.submit(Map.of(), null, null);
            JobService.Submitted lost = second.submit(Map.of(), null, null);

            assertThat(won.replayed()).isFalse();
            assertThat(lost.replayed()).isTrue();
            assertThat(lost.job().id()).isEqualTo(won.job().id());
            assertThat(lost.job().idempotencyKey()).isEqualTo(binding.key());
        }
        assertThat(jobCount(account)).isEqualTo(1);
        String winner = jobs.find("accountId", account.id()).firstResult().id;
        assertThat(StoredFiles.ofJobs(account.id())).hasSize(2).allSatisfy(file -> assertThat(file.toString()).contains(winner));
        assertThat(activeJobs(account)).isEqualTo(1);
    }

    @Test
    void aSubmissionOfAnotherRequestThatLosesTheRaceForItsKeyIsRefused() {
        String key = UUID.randomUUID().toString();
        try (JobService.Intake first = intake.begin(account.id(), Optional.of(new FixedBinding(key, "one request")));
                JobService.Intake second = intake.begin(account.id(), Optional.of(new FixedBinding(key, "another request")))) {
            addImages(first);
            addImages(second);
            first.submit(Map.of(), null, null);

            assertThatThrownBy(() -> second.submit(Map.of(), null, null))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.problem().code()).isEqualTo("idempotency_key_reused"));
        }
        assertThat(jobCount(account)).isEqualTo(1);
        assertThat(activeJobs(account)).isEqualTo(1);
    }

    private record FixedBinding(String key, String requestDigest) implements IdempotencyBinding {
    }

    private static void addImages(JobService.Intake submission) {
        submission.addPerson(new ByteArrayInputStream(SampleImages.personPng(96, 128)));
        submission.addProduct(new ByteArrayInputStream(SampleImages.productPng(64, 64)));
    }

    private long jobCount(Api.Account owner) {
        return jobs.count("accountId", owner.id());
    }

    private int activeJobs(Api.Account owner) {
        Document counter = mongo.getDatabase(database).getCollection("active_jobs").find(eq("_id", owner.id())).first();
        return counter == null ? 0 : counter.getInteger("active");
    }
}
