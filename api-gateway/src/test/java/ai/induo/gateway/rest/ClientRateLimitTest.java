package ai.induo.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import ai.induo.gateway.AdjustableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The request rate per client address of sign-up and sign-in, which need no API key: each address
 * may make {@value #BURST} of them at once and one more every {@value #SECONDS_PER_TOKEN} seconds.
 * Requests come through a trusted proxy (loopback) that names the client in {@code X-Forwarded-For};
 * each test uses addresses of its own.
 */
@QuarkusTest
@TestProfile(ClientRateLimitTest.FewUnauthenticatedRequests.class)
class ClientRateLimitTest {

    static final int BURST = 3;
    static final int SECONDS_PER_TOKEN = 100;

    /** A small per-client limit, loopback as a trusted proxy, and an {@link AdjustableClock}. */
    public static class FewUnauthenticatedRequests extends AdjustableClock.Profile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "induo.gateway.unauthenticated-rate.requests-per-second", Double.toString(1.0 / SECONDS_PER_TOKEN),
                    "induo.gateway.unauthenticated-rate.burst", Integer.toString(BURST),
                    "induo.gateway.trusted-proxies", "127.0.0.0/8");
        }
    }

    /** Hands out client addresses no other test uses. */
    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @Inject
    AdjustableClock clock;

    @Test
    void signUpsAndSignInsFromOneAddressPastItsBurstAreRefusedWithRateLimited() {
        String client = anotherClient();
        signUp(client).then().statusCode(201)
                .header("RateLimit-Limit", Integer.toString(BURST))
                .header("RateLimit-Remaining", Integer.toString(BURST - 1));
        signIn(client, "nobody-" + UUID.randomUUID() + "@example.com").then().statusCode(401)
                .header("RateLimit-Remaining", Integer.toString(BURST - 2));
        signUp(client).then().statusCode(201).header("RateLimit-Remaining", "0");

        Response refusedSignIn = signIn(client, "nobody-" + UUID.randomUUID() + "@example.com");
        refusedSignIn.then().statusCode(429)
                .contentType("application/problem+json")
                .body("code", equalTo("rate_limited"))
                .body("status", equalTo(429))
                .header("RateLimit-Limit", Integer.toString(BURST))
                .header("RateLimit-Remaining", "0");
        assertThat(Long.parseLong(refusedSignIn.header("Retry-After"))).isBetween(SECONDS_PER_TOKEN - 5L, (long) SECONDS_PER_TOKEN);
        assertThat(Long.parseLong(refusedSignIn.header("RateLimit-Reset")))
                .isBetween((BURST - 1L) * SECONDS_PER_TOKEN, (long) BURST * SECONDS_PER_TOKEN);
        signUp(client).then().statusCode(429).body("code", equalTo("rate_limited"));
    }

    @Test
    void anotherAddressIsUnaffected() {
        String busy = anotherClient();
        exhaust(busy);

        signUp(anotherClient()).then().statusCode(201).header("RateLimit-Remaining", Integer.toString(BURST - 1));
        signUp(busy).then().statusCode(429);
    }

    @Test
    void tokensComeBackAsTimePasses() {
        String client = anotherClient();
        long retryAfter = Long.parseLong(exhaust(client).header("Retry-After"));

        clock.advance(Duration.ofSeconds(retryAfter));
        signUp(client).then().statusCode(201).header("RateLimit-Remaining", "0");
        signUp(client).then().statusCode(429);
    }

    @Test
    void aThrottledSignUpReservesNoIdempotencyKey() {
        String client = anotherClient();
        String email = "dev-" + UUID.randomUUID() + "@example.com";
        long retryAfter = Long.parseLong(exhaust(client).header("Retry-After"));
        signUp(client, email).header("Idempotency-Key", "sign-up-1").post("/v1/accounts").then().statusCode(429);

        clock.advance(Duration.ofSeconds(retryAfter));
        signUp(client, email).header("Idempotency-Key", "sign-up-1").post("/v1/accounts").then().statusCode(201);
    }

    /** Uses up the address's burst with requests the gateway refuses cheaply (malformed sign-ins); the refusal that follows. */
    private static Response exhaust(String client) {
        for (int i = 0; i <= BURST; i++) {
            Response response = given().contentType("application/json").header("X-Forwarded-For", client)
                    .body("[]").post("/v1/sessions");
            if (response.statusCode() == 429) {
                return response;
            }
            response.then().statusCode(400);
        }
        throw new AssertionError("the address was never refused");
    }

    private static Response signUp(String client) {
        return signUp(client, "dev-" + UUID.randomUUID() + "@example.com").post("/v1/accounts");
    }

    private static RequestSpecification signUp(String client, String email) {
        return given().contentType("application/json").header("X-Forwarded-For", client)
                .body(Map.of("name", "Acme Fashion", "email", email, "password", "correct horse battery staple"));
    }

    private static Response signIn(String client, String email) {
        return given().contentType("application/json").header("X-Forwarded-For", client)
                .body(Map.of("email", email, "password", "a wrong password"))
                .post("/v1/sessions");
    }

    private static String anotherClient() {
        int n = ADDRESSES.incrementAndGet();
        return "198.51.100." + n;
    }
}
