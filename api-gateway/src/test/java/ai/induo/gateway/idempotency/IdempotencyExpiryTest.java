package ai.induo.gateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;

import ai.induo.gateway.AdjustableClock;
import ai.induo.gateway.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An idempotency key's answer is replayed for its window only (24 h); then, on an endpoint that does
 * not bind the key to what it creates, it is a new key, and the sweeper removes the old record.
 */
@QuarkusTest
@TestProfile(IdempotencyExpiryTest.AdjustableWindow.class)
class IdempotencyExpiryTest {

    /** The default window of {@code induo.gateway.idempotency.ttl}. */
    static final Duration WINDOW = Duration.ofHours(24);
    /** The default of {@code induo.gateway.idempotency.abandoned-after}. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(10);

    /** The application's clock is an {@link AdjustableClock}; the sweeper runs every second. */
    public static class AdjustableWindow extends AdjustableClock.Profile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("induo.gateway.idempotency.sweep-every", "1S");
        }
    }

    @Inject
    AdjustableClock clock;

    @Inject
    IdempotencyRepository records;

    @Test
    void afterItsWindowTheKeyCreatesAnewWhereItIsNotBound() {
        Api.Account account = Api.signUp();
        String key = UUID.randomUUID().toString();
        String first = createKey(account, key).then().statusCode(201).extract().path("id");

        clock.advance(WINDOW.minusMinutes(1));
        createKey(account, key).then().statusCode(201).header(IdempotencyFilter.REPLAYED_HEADER, "true");
        clock.advance(Duration.ofMinutes(1));
        String second = createKey(account, key).then().statusCode(201).header(IdempotencyFilter.REPLAYED_HEADER, nullValue())
                .extract().path("id");

        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void theSweeperDeletesExpiredKeys() {
        Api.Account account = Api.signUp();
        Api.sampleJob(account.auth().header(IdempotencyFilter.HEADER, UUID.randomUUID().toString())).post("/v1/jobs")
                .then().statusCode(202);
        assertThat(records.count("scope", "account:" + account.id())).isEqualTo(1);

        clock.advance(WINDOW);
        await().atMost(Duration.ofSeconds(10)).until(() -> records.count("scope", "account:" + account.id()) == 0);
    }

    private static Response createKey(Api.Account account, String key) {
        return account.auth().header(IdempotencyFilter.HEADER, key).contentType("application/json")
                .body(Map.of("name", "ci")).post("/v1/api-keys");
    }
}
