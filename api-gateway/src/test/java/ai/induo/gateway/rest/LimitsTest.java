package ai.induo.gateway.rest;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
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
 * The request rate per API key and per account and the quota of active jobs per account, at small
 * limits, on a clock the test moves forward: accounts start on a plan of {@value #BURST} requests at
 * once per key ({@value #ACCOUNT_BURST} per account) and one more every {@value #SECONDS_PER_TOKEN}
 * seconds; accounts moved to the {@value #SHARED_PLAN} plan may make only {@value #SHARED_ACCOUNT_BURST}
 * requests at once with all their keys together (one more every {@value #SHARED_ACCOUNT_SECONDS_PER_TOKEN}
 * seconds); accounts moved to the {@value #BUSY_PLAN} plan may
 * make many requests but hold only {@value #MAX_ACTIVE_JOBS} active jobs.
 */
@QuarkusTest
@TestProfile(LimitsTest.SmallLimits.class)
class LimitsTest {

    static final int BURST = 3;
    static final int SECONDS_PER_TOKEN = 100;
    /** Far enough above {@link #BURST} that one key never empties its account's bucket. */
    static final int ACCOUNT_BURST = 10;
    static final String SHARED_PLAN = "shared";
    /** Fewer than two keys' bursts. */
    static final int SHARED_ACCOUNT_BURST = 4;
    /** Faster than a key's, so that after this long only the account has a token back. */
    static final int SHARED_ACCOUNT_SECONDS_PER_TOKEN = 30;
    static final String BUSY_PLAN = "busy";
    static final int MAX_ACTIVE_JOBS = 2;
    /** A plan of many requests but only {@value #MAX_STREAMS} open long-polls and event streams (StreamLimitsTest). */
    static final String FEW_STREAMS_PLAN = "few-streams";
    static final int MAX_STREAMS = 2;

    /** Small limits and an {@link AdjustableClock}. */
    public static class SmallLimits extends AdjustableClock.Profile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String perToken = Double.toString(1.0 / SECONDS_PER_TOKEN);
            return Map.ofEntries(
                    Map.entry("induo.gateway.plans.\"default\".requests-per-second", perToken),
                    Map.entry("induo.gateway.plans.\"default\".burst", Integer.toString(BURST)),
                    Map.entry("induo.gateway.plans.\"default\".account-requests-per-second", perToken),
                    Map.entry("induo.gateway.plans.\"default\".account-burst", Integer.toString(ACCOUNT_BURST)),
                    Map.entry("induo.gateway.plans.\"shared\".requests-per-second", perToken),
                    Map.entry("induo.gateway.plans.\"shared\".burst", Integer.toString(BURST)),
                    Map.entry("induo.gateway.plans.\"shared\".account-requests-per-second",
                            Double.toString(1.0 / SHARED_ACCOUNT_SECONDS_PER_TOKEN)),
                    Map.entry("induo.gateway.plans.\"shared\".account-burst", Integer.toString(SHARED_ACCOUNT_BURST)),
                    Map.entry("induo.gateway.plans.\"busy\".requests-per-second", "1000"),
                    Map.entry("induo.gateway.plans.\"busy\".burst", "1000"),
                    Map.entry("induo.gateway.plans.\"busy\".account-requests-per-second", "1000"),
                    Map.entry("induo.gateway.plans.\"busy\".account-burst", "1000"),
                    Map.entry("induo.gateway.plans.\"busy\".max-active-jobs", Integer.toString(MAX_ACTIVE_JOBS)),
                    Map.entry("induo.gateway.plans.\"few-streams\".requests-per-second", "1000"),
                    Map.entry("induo.gateway.plans.\"few-streams\".burst", "1000"),
                    Map.entry("induo.gateway.plans.\"few-streams\".account-requests-per-second", "1000"),
                    Map.entry("induo.gateway.plans.\"few-streams\".account-burst", "1000"),
                    Map.entry("induo.gateway.plans.\"few-streams\".max-streams", Integer.toString(MAX_STREAMS)));
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
    void theKeysOfOneAccountShareItsAccountBucket() {
        Api.Account account = onPlan(Api.signUp(), SHARED_PLAN);
        String second = Api.createKey(account, "jobs:read");
        account.auth().get("/v1/account").then().statusCode(200);
        account.auth().get("/v1/account").then().statusCode(200).header("RateLimit-Remaining", "0");

        Api.bearer(second).get("/v1/jobs").then().statusCode(200)
                .header("RateLimit-Limit", Integer.toString(SHARED_ACCOUNT_BURST))
                .header("RateLimit-Remaining", "0");
        Response refused = Api.bearer(second).get("/v1/jobs");
        refused.then().statusCode(429)
                .contentType("application/problem+json")
                .body("code", equalTo("rate_limited"))
                .body("detail", containsString("account"))
                .header("RateLimit-Limit", Integer.toString(SHARED_ACCOUNT_BURST))
                .header("RateLimit-Remaining", "0");
        assertThat(Long.parseLong(refused.header("Retry-After")))
                .isBetween(SHARED_ACCOUNT_SECONDS_PER_TOKEN - 10L, (long) SHARED_ACCOUNT_SECONDS_PER_TOKEN);
        Api.bearer(Api.createKey(onPlan(Api.signUp(), SHARED_PLAN), "jobs:read")).get("/v1/jobs").then().statusCode(200);
    }

    /** Were the key charged for the refusals, it would have no token when the account has one again. */
    @Test
    void aRequestTheAccountRefusesCostsItsKeyNothing() {
        Api.Account account = onPlan(Api.signUp(), SHARED_PLAN);
        String second = Api.createKey(account, "jobs:read");
        exhaust(account.apiKey());
        Api.bearer(second).get("/v1/jobs").then().statusCode(200);
        for (int i = 0; i < BURST; i++) {
            Api.bearer(second).get("/v1/jobs").then().statusCode(429);
        }

        clock.advance(Duration.ofSeconds(SHARED_ACCOUNT_SECONDS_PER_TOKEN));
        Api.bearer(second).get("/v1/jobs").then().statusCode(200);
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
        return onPlan(account, BUSY_PLAN);
    }

    private Api.Account onPlan(Api.Account account, String plan) {
        accounts.mongoCollection().updateOne(eq("_id", account.id()), Updates.set("plan", plan));
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
