package ai.induo.gateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.induo.gateway.Api;
import ai.induo.gateway.job.JobListRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An idempotency key is replayed for its time only; then it is a new key and the sweeper removes it. */
@QuarkusTest
@TestProfile(IdempotencyExpiryTest.ShortWindow.class)
class IdempotencyExpiryTest {

    /** A window of seconds, so it passes within the test. */
    public static class ShortWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "induo.gateway.idempotency.ttl", "2S",
                    "induo.gateway.idempotency.sweep-every", "1S");
        }
    }

    @Inject
    JobListRepository jobs;

    @Inject
    IdempotencyRepository records;

    @Test
    void afterItsWindowTheKeyCreatesANewJob() {
        Api.Account account = Api.signUp();
        String key = UUID.randomUUID().toString();
        String first = Api.sampleJob(account.auth().header(IdempotencyFilter.HEADER, key)).post("/v1/jobs")
                .then().statusCode(202).extract().path("id");

        await().atMost(Duration.ofSeconds(10)).until(() -> !first.equals(
                Api.sampleJob(account.auth().header(IdempotencyFilter.HEADER, key)).post("/v1/jobs")
                        .then().statusCode(202).extract().path("id")));
        assertThat(jobs.count("accountId", account.id())).isEqualTo(2);
    }

    @Test
    void theSweeperDeletesExpiredKeys() {
        Api.Account account = Api.signUp();
        Api.sampleJob(account.auth().header(IdempotencyFilter.HEADER, UUID.randomUUID().toString())).post("/v1/jobs")
                .then().statusCode(202);

        await().atMost(Duration.ofSeconds(10)).until(() -> records.count("scope", "account:" + account.id()) == 0);
    }
}
