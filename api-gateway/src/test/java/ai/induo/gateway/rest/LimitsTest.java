package ai.induo.gateway.rest;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import ai.induo.gateway.AdjustableClock;
import ai.induo.gateway.Api;
import ai.induo.gateway.account.AccountRepository;
import ai.induo.gateway.ActingWorker;
import ai.induo.gateway.completion.CompletionRepository;
import com.mongodb.client.model.Updates;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The request rate per API key and the quota of active jobs per account, at small limits, on a
 * clock the test moves forward: accounts start on a plan of {@value #BURST} requests at once and one
 * more every {@value #SECONDS_PER_TOKEN} seconds; accounts moved to the {@value #BUSY_PLAN} plan
 * may make many requests but hold only {@value #MAX_ACTIVE_JOBS} active jobs.
 */
@QuarkusTest
@TestProfile(LimitsTest.SmallLimits.class)
class LimitsTest {

    static final int BURST = 3;
    static final int SECONDS_PER_TOKEN = 100;
    static final String BUSY_PLAN = "busy";
    static final int MAX_ACTIVE_JOBS = 2;

    /** Small limits and an {@link AdjustableClock}. */
    public static class SmallLimits extends AdjustableClock.Profile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "induo.gateway.plans.\"default\".requests-per-second", Double.toString(1.0 / SECONDS_PER_TOKEN),
                    "induo.gateway.plans.\"default\".burst", Integer.toString(BURST),
                    "induo.gateway.plans.\"busy\".requests-per-second", "1000",
                    "induo.gateway.plans.\"busy\".burst", "1000",
                    "induo.gateway.plans.\"busy\".max-active-jobs", Integer.toString(MAX_ACTIVE_JOBS));
        }
    }

    @Inject
    AdjustableClock clock;

    @Inject
    AccountRepository accounts;

    @Inject
    CompletionRepository completions;

    @Inject
    ActingWorker worker;

    @Test
    void everyAuthenticatedAnswerSaysHowManyRequestsAreLeft() {
        Api.Account account = Api.signUp();
        for (int remaining = BURST - 1; remaining >= 0; remaining--) {
            Response response = account.auth().get("/v1/account");
            response.then().statusCode(200)
                    .header("RateLimit-Limit", Integer.toString(BURST))
                    .header("RateLimit-Remaining", Integer.toString(remaining));
            assertThat(Long.parseLong(response.header("RateLimit-Reset")))
                    .isBetween((long) (BURST - remaining - 1) * SECONDS_PER_TOKEN, (long) (BURST - remaining) * SECONDS_PER_TOKEN);
        }
    }

    @Test
    void aKeyOverItsBurstIsRefusedWithRateLimitedAndWhenToRetry() {
        Api.Account account = Api.signUp();
        Response refused = exhaust(account.apiKey());
        refused.then().statusCode(429)
                .contentType("application/problem+json")
                .body("code", equalTo("rate_limited"))
                .header("RateLimit-Limit", Integer.toString(BURST))
                .header("RateLimit-Remaining", "0");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(SECONDS_PER_TOKEN - 5L, (long) SECONDS_PER_TOKEN);
        assertThat(Long.parseLong(refused.header("RateLimit-Reset"))).isBetween((BURST - 1L) * SECONDS_PER_TOKEN, (long) BURST * SECONDS_PER_TOKEN);
    }

    @Test
    void tokensComeBackAsTimePasses() {
        Api.Account account = Api.signUp();
        long retryAfter = Long.parseLong(exhaust(account.apiKey()).header("Retry-After"));

        clock.advance(Duration.ofSeconds(retryAfter));
        account.auth().get("/v1/account").then().statusCode(200).header("RateLimit-Remaining", "0");
        account.auth().get("/v1/account").then().statusCode(429);

        clock.advance(Duration.ofSeconds((long) BURST * SECONDS_PER_TOKEN));
        account.auth().get("/v1/account").then().statusCode(200).header("RateLimit-Remaining", Integer.toString(BURST - 1));
    }

    @Test
    void theLimitIsPerKeySoOtherKeysAndAccountsAreUnaffected() {
        Api.Account account = Api.signUp();
        String otherKey = Api.createKey(account, "jobs:read");
        exhaust(account.apiKey());

        Api.bearer(otherKey).get("/v1/jobs").then().statusCode(200).header("RateLimit-Remaining", Integer.toString(BURST - 1));
        Api.bearer(Api.signIn(account)).get("/v1/account").then().statusCode(200);
        Api.signUp().auth().get("/v1/account").then().statusCode(200);
    }

    @Test
    void aThrottledSubmissionReservesNoIdempotencyKey() {
        Api.Account account = Api.signUp();
        exhaust(account.apiKey());
        Response refused = Api.sampleJob(account).header("Idempotency-Key", "order-1").post("/v1/jobs");
        refused.then().statusCode(429).body("code", equalTo("rate_limited"));

        clock.advance(Duration.ofSeconds(Long.parseLong(refused.header("Retry-After"))));
        Api.sampleJob(account).header("Idempotency-Key", "order-1").post("/v1/jobs").then().statusCode(202);
    }

    @Test
    void concurrentSubmissionsNeverPassTheActiveJobQuota() throws Exception {
        Api.Account account = onBusyPlan(Api.signUp());
        int attempts = 6;
        CyclicBarrier start = new CyclicBarrier(attempts);
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        List<Response> answers;
        try {
            List<CompletableFuture<Response>> submissions = IntStream.range(0, attempts)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                        arrive(start);
                        return Api.sampleJob(account).post("/v1/jobs");
                    }, pool))
                    .toList();
            answers = submissions.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdown();
        }

        assertThat(answers).filteredOn(answer -> answer.statusCode() == 202).hasSize(MAX_ACTIVE_JOBS);
        List<Response> refused = answers.stream().filter(answer -> answer.statusCode() != 202).toList();
        assertThat(refused).hasSize(attempts - MAX_ACTIVE_JOBS).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(429);
            assertThat(answer.<String>path("code")).isEqualTo("too_many_active_jobs");
            assertThat(answer.header("Retry-After")).isEqualTo("5");
        });
        assertThat(storedFiles(account)).as("only the accepted jobs' images are kept").hasSize(MAX_ACTIVE_JOBS * 2);
    }

    @Test
    void aJobThatEndsFreesItsPlaceInTheQuota() {
        Api.Account account = onBusyPlan(Api.signUp());
        String first = submit(account).then().statusCode(202).extract().path("id");
        submit(account).then().statusCode(202);
        submit(account).then().statusCode(429).body("code", equalTo("too_many_active_jobs"));

        worker.succeed(first, List.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> completions.findById(first).notifiedAt != null);

        submit(account).then().statusCode(202);
        submit(account).then().statusCode(429).body("code", equalTo("too_many_active_jobs"));
    }

    @Test
    void aCancelledJobFreesItsPlaceInTheQuota() {
        Api.Account account = onBusyPlan(Api.signUp());
        String first = submit(account).then().statusCode(202).extract().path("id");
        submit(account).then().statusCode(202);

        account.auth().post("/v1/jobs/" + first + "/cancel").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> completions.findById(first).notifiedAt != null);

        submit(account).then().statusCode(202);
    }

    private Api.Account onBusyPlan(Api.Account account) {
        accounts.mongoCollection().updateOne(eq("_id", account.id()), Updates.set("plan", BUSY_PLAN));
        return account;
    }

    private static Response submit(Api.Account account) {
        return Api.sampleJob(account).post("/v1/jobs");
    }

    /** Uses up what is left of the key's burst; the refusal that follows. */
    private static Response exhaust(String key) {
        for (int i = 0; i <= BURST; i++) {
            Response response = Api.bearer(key).get("/v1/account");
            if (response.statusCode() == 429) {
                return response;
            }
            response.then().statusCode(200);
        }
        throw new AssertionError("the key was never refused");
    }

    private static List<Path> storedFiles(Api.Account account) throws IOException {
        try (Stream<Path> walk = Files.walk(Path.of("target/test-objects/accounts", account.id()))) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private static void arrive(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
