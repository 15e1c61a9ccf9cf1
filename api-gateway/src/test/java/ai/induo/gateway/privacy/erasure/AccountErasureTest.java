package ai.induo.gateway.privacy.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import ai.induo.common.crypto.AccountKeyring;
import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.crypto.EnvelopeCipher;
import ai.induo.common.crypto.KeyUnavailableException;
import ai.induo.common.crypto.LocalMasterKey;
import ai.induo.common.job.JobImages;
import ai.induo.common.store.ObjectStore;
import ai.induo.gateway.ActingWorker;
import ai.induo.gateway.Api;
import ai.induo.gateway.WebhookReceiver;
import ai.induo.gateway.account.AccountRepository;
import ai.induo.platform.crypto.MongoAccountKeyStore;
import ai.induo.testing.SampleImages;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccountErasureTest {

    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final byte[] OUTPUT = SampleImages.personPng(16, 16);

    @Inject
    MongoClient mongo;

    @Inject
    ObjectStore objects;

    @Inject
    MongoAccountKeyStore keyStore;

    @Inject
    ActingWorker worker;

    @Inject
    AccountErasure erasures;

    @Inject
    ErasureRunner runner;

    @Inject
    ErasureSweeper sweeper;

    @Inject
    ErasureRepository erasureRecords;

    @Inject
    AccountRepository accounts;

    @Inject
    ErasureConfig config;

    @Inject
    @io.quarkus.arc.All
    List<ErasureStep> steps;

    @Inject
    MeterRegistry meters;

    @Inject
    Clock clock;

    @ConfigProperty(name = "induo.crypto.master-key")
    String masterKey;

    private WebhookReceiver receiver;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = WebhookReceiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void anErasureShutsTheAccountOutAtOnceShredsItsObjectsAndLeavesOnlyTheReceipt() throws IOException {
        Api.Account account = Api.signUp();
        Api.Account neighbour = Api.signUp();
        String session = Api.signIn(account);
        String readKey = Api.createKey(account, "jobs:read");
        account.auth().contentType("application/json").body(Map.of("url", receiver.url("/hook")))
                .post("/v1/webhook-endpoints").then().statusCode(201);
        String succeeded = Api.submitSampleJob(account);
        worker.succeedWithOutput(succeeded, OUTPUT, 16, 16);
        String queued = Api.submitSampleJob(account);
        String neighbourJob = Api.submitSampleJob(neighbour);
        worker.succeedWithOutput(neighbourJob, OUTPUT, 16, 16);
        await().atMost(SETTLE).until(() -> count("webhook_deliveries", account.id()) > 0 && count("request_logs", account.id()) > 0);
        List<String> stored = objects.list(JobImages.accountPrefix(account.id()));
        assertThat(stored).hasSizeGreaterThanOrEqualTo(5);

        String erasureId = erase(account.auth(), account.password()).then().statusCode(202)
                .body("object", equalTo("erasure"))
                .body("id", startsWith("era_"))
                .body("status", equalTo("in_progress"))
                .body("requested_at", startsWith(Instant.now().toString().substring(0, 4)))
                .extract().path("id");

        account.auth().get("/v1/account").then().statusCode(401);
        Api.bearer(session).get("/v1/account").then().statusCode(401);
        Api.bearer(readKey).get("/v1/jobs/" + succeeded).then().statusCode(401);
        Api.bearer(neighbour.apiKey()).get("/v1/jobs/" + neighbourJob).then().statusCode(200);
        io.restassured.RestAssured.given().contentType("application/json")
                .body(Map.of("email", account.email(), "password", account.password()))
                .post("/v1/sessions").then().statusCode(401).body("code", equalTo("invalid_credentials"));
        assertThat(job(queued).getString("status")).isEqualTo("cancelled");
        EncryptedObjectStore freshStore = new EncryptedObjectStore(objects, new EnvelopeCipher(
                new AccountKeyring(LocalMasterKey.fromBase64(masterKey), keyStore, Duration.ZERO, clock)));
        for (String key : stored) {
            assertThatThrownBy(() -> freshStore.open(account.id(), key).readAllBytes()).isInstanceOf(KeyUnavailableException.class);
        }

        await().atMost(SETTLE).until(() -> count("request_logs", account.id()) > 0
                && requestLogs(account.id()).stream().anyMatch(log -> "DELETE".equals(log.getString("method"))));
        runner.runDue(clock.instant().plus(config.grace()).plusSeconds(1));

        ErasureReceipt receipt = erasures.receipt(erasureId).orElseThrow();
        assertThat(receipt.status()).isEqualTo(ErasureReceipt.Status.COMPLETED);
        assertThat(receipt.finishedAt()).isPresent();
        assertThat(receipt.counts()).containsEntry("accounts", 1L).containsEntry("jobs", 2L).containsEntry("jobs_cancelled", 0L)
                .containsEntry("webhook_endpoints", 1L).containsEntry("objects", (long) stored.size());
        assertThat(receipt.counts().get("request_logs")).isPositive();
        assertThat(receipt.counts().get("webhook_deliveries")).isPositive();
        assertNoTrace(account);
        try (var output = freshStore.open(neighbour.id(), JobImages.outputKey(neighbour.id(), neighbourJob, 0))) {
            assertThat(output.readAllBytes()).isEqualTo(OUTPUT);
        }
        Api.download(Api.outputUrl(neighbour, neighbourJob)).then().statusCode(200);
        assertThat(count("request_logs", neighbour.id())).isPositive();
        assertThat(count("api_keys", neighbour.id())).isEqualTo(1);
        Api.signIn(neighbour);
        io.restassured.RestAssured.given().contentType("application/json")
                .body(Map.of("name", "Again", "email", account.email(), "password", account.password()))
                .post("/v1/accounts").then().statusCode(201);
    }

    @Test
    void aWrongPasswordErasesNothingAndAnotherTenantErasesOnlyItsOwnAccount() {
        Api.Account account = Api.signUp();
        Api.Account other = Api.signUp();
        String job = Api.submitSampleJob(account);

        erase(account.auth(), "not the password").then().statusCode(403).body("code", equalTo("invalid_credentials"));
        account.auth().contentType("application/json").body(Map.of()).delete("/v1/account")
                .then().statusCode(400).body("code", equalTo("invalid_request"));
        account.auth().contentType("application/json").body(Map.of("password", 12)).delete("/v1/account")
                .then().statusCode(400).body("code", equalTo("invalid_request"));

        account.auth().get("/v1/jobs/" + job).then().statusCode(200).body("status", equalTo("queued"));
        assertThat(accounts.findById(account.id()).erasureId).isNull();
        Api.signIn(account);

        erase(other.auth(), other.password()).then().statusCode(202);
        other.auth().get("/v1/account").then().statusCode(401);
        account.auth().get("/v1/account").then().statusCode(200);
        account.auth().get("/v1/jobs/" + job).then().statusCode(200).body("status", equalTo("queued"));
        assertThat(accounts.findById(account.id()).erasureId).isNull();
    }

    @Test
    void aStepThatFailsPartWayLeavesTheErasureInProgressAndTheNextRunFinishesIt() throws IOException {
        Api.Account account = Api.signUp();
        String job = Api.submitSampleJob(account);
        worker.succeedWithOutput(job, OUTPUT, 16, 16);
        awaitRequestLogOf(account);
        String erasureId = erasures.request(account.id()).id();
        AtomicBoolean failing = new AtomicBoolean(true);
        List<ErasureStep> withFailure = new ArrayList<>(steps);
        withFailure.add(new FailingStep(failing));
        double failedBefore = failedRuns();

        assertThat(runner.run(erasureId, withFailure, clock.instant())).isFalse();

        ErasureEntity stopped = erasureRecords.findById(erasureId);
        assertThat(stopped.status).isEqualTo("in_progress");
        assertThat(stopped.accountId).isEqualTo(account.id());
        assertThat(stopped.lastFailure).isEqualTo("fails-once: IllegalStateException");
        assertThat(stopped.steps).extracting(done -> done.name).containsExactly("cancel-jobs", "objects", "documents");
        assertThat(objects.list(JobImages.accountPrefix(account.id()))).isEmpty();
        assertThat(accounts.findByIdOptional(account.id())).isPresent();
        assertThat(failedRuns()).isEqualTo(failedBefore + 1);
        sweeper.sweep();
        assertThat(meters.get(ErasureSweeper.PENDING_METER).gauge().value()).as("induo_erasures_pending")
                .isGreaterThanOrEqualTo(1);
        assertThat(runner.run(erasureId, withFailure, clock.instant())).as("held until retry-after").isFalse();

        failing.set(false);
        assertThat(runner.run(erasureId, withFailure, clock.instant().plus(config.retryAfter()))).isTrue();

        ErasureEntity finished = erasureRecords.findById(erasureId);
        assertThat(finished.status).isEqualTo("completed");
        assertThat(finished.steps).extracting(done -> done.name)
                .containsExactly("cancel-jobs", "objects", "documents", "fails-once", "login-failures", "safety-case-links", "account");
        assertNoTrace(account);
    }

    @Test
    void aNewRunnerResumesAnErasureLeftHeldByAGatewayThatDied() throws IOException {
        Api.Account account = Api.signUp();
        Api.submitSampleJob(account);
        awaitRequestLogOf(account);
        String erasureId = erasures.request(account.id()).id();
        Instant later = clock.instant().plus(config.grace());
        assertThat(erasureRecords.claim(erasureId, later, later.plus(config.lease()))).isPresent();
        erasureRecords.recordStep(erasureId, "cancel-jobs", later, Map.of("jobs_cancelled", 1L));

        ErasureRunner restarted = new ErasureRunner(erasureRecords, accounts, steps, config, clock, meters);
        restarted.runDue(later.plusSeconds(1));
        assertThat(erasureRecords.findById(erasureId).steps).as("the dead gateway's lease still holds")
                .extracting(done -> done.name).containsExactly("cancel-jobs");
        restarted.runDue(later.plus(config.lease()).plusSeconds(1));

        ErasureReceipt receipt = erasures.receipt(erasureId).orElseThrow();
        assertThat(receipt.status()).isEqualTo(ErasureReceipt.Status.COMPLETED);
        assertThat(receipt.counts()).containsEntry("jobs_cancelled", 1L).containsEntry("jobs", 1L).containsEntry("accounts", 1L);
        assertNoTrace(account);
    }

    /**
     * Waits until the account's requests are in the request log, which is written in batches: the
     * sweeper's grace does the same for a real erasure, and these tests run its steps without it.
     */
    private void awaitRequestLogOf(Api.Account account) {
        await().atMost(Duration.ofSeconds(30)).until(() -> count("request_logs", account.id()) > 0);
    }

    /** No document of any collection and no object key holds the account's id or email. */
    private void assertNoTrace(Api.Account account) throws IOException {
        MongoDatabase database = mongo.getDatabase("induo");
        for (String collection : database.listCollectionNames()) {
            for (Document document : database.getCollection(collection).find()) {
                String json = document.toJson();
                assertThat(json).as(collection).doesNotContain(account.id()).doesNotContainIgnoringCase(account.email());
            }
        }
        assertThat(objects.list("")).noneMatch(key -> key.contains(account.id()));
    }

    private static io.restassured.response.Response erase(RequestSpecification auth, String password) {
        return auth.contentType("application/json").body(Map.of("password", password)).delete("/v1/account");
    }

    private long count(String collection, String accountId) {
        return mongo.getDatabase("induo").getCollection(collection).countDocuments(new Document("accountId", accountId));
    }

    private List<Document> requestLogs(String accountId) {
        return mongo.getDatabase("induo").getCollection("request_logs").find(new Document("accountId", accountId))
                .into(new ArrayList<>());
    }

    private Document job(String jobId) {
        return mongo.getDatabase("induo").getCollection("jobs").find(new Document("_id", jobId)).first();
    }

    private double failedRuns() {
        return meters.counter(ErasureRunner.RUNS_METER, "outcome", "failed").count();
    }

    /** A step between the account's documents and its login failures that fails while {@code failing} holds. */
    private record FailingStep(AtomicBoolean failing) implements ErasureStep {

        @Override
        public String name() {
            return "fails-once";
        }

        @Override
        public int order() {
            return 350;
        }

        @Override
        public Map<String, Long> erase(ErasureSubject subject) {
            if (failing.get()) {
                throw new IllegalStateException("the integration is down");
            }
            return Map.of();
        }
    }
}
